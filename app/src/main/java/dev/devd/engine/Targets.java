package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.DeployedRefs;
import dev.devd.image.RegistryTarget;
import dev.devd.render.K8sResource;
import dev.devd.runtime.PodEvents;
import dev.devd.runtime.PodSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The targets of a project model, each with its pass and loop settings: every deployed resource,
 * every image built on its own, every local resource. Shared by {@code devd up} and {@code devd
 * ci}.
 */
final class Targets {

  /**
   * One target: what its behaviour depends on (a reload restarts it when this changes), the images
   * it needs, its pass, the runner of its own commands (local resources) if any, and its loop's
   * settings.
   */
  record Target(
      String name,
      String kind,
      Object settings,
      List<String> images,
      UpdatePass pass,
      Optional<ProcessRunner> runner,
      LoopSettings loop) {}

  private Targets() {}

  /**
   * @param containersChanged called with a resource's name when its containers started, restarted
   *     or stopped
   */
  static List<Target> of(
      ProjectModel model,
      SessionParts parts,
      RegistryTarget registry,
      Consumer<String> containersChanged) {
    ProjectConfig config = model.config();
    List<Target> targets = new ArrayList<>();
    for (K8sResource resource : model.resources()) {
      if (!parts.options().wants(resource.name())) continue;
      DeployPass pass =
          new DeployPass(
              resource,
              parts.builds(),
              model.renderOptions(),
              parts.runtime().orElseThrow(),
              new ResourceLog(resource.name()),
              podEvents(parts, resource.name(), containersChanged),
              new DeployedRefs(config.stateDir()));
      List<Object> settings = common(config, registry, resource.name());
      settings.add(Settings.of(resource));
      // What rendering depends on beyond the resource's own objects: which refs count as images,
      // and custom kinds.
      settings.add(
          config.images().stream()
              .map(image -> image.ref() + (image.matchInEnvVars() ? " env" : ""))
              .toList());
      settings.add(Settings.of(config.k8sKinds()));
      List<ImageConfig> chain = parts.builds().withDependencies(resource.imageRefs());
      settings.add(Settings.of(chain));
      boolean imagesAutoInit = chain.stream().allMatch(ImageConfig::autoInit);
      targets.add(
          new Target(
              resource.name(),
              parts.runtime().orElseThrow().kind(),
              settings,
              refs(chain),
              pass,
              Optional.empty(),
              loop(config, resource.name(), imagesAutoInit)));
    }
    for (ImageConfig image : model.standaloneImages()) {
      if (!parts.options().wants(image.ref())) continue;
      List<Object> settings = common(config, registry, image.ref());
      List<ImageConfig> chain = parts.builds().withDependencies(List.of(image.ref()));
      settings.add(Settings.of(chain));
      targets.add(
          new Target(
              image.ref(),
              "image",
              settings,
              refs(chain),
              new ImageOnlyPass(image.ref(), parts.builds(), new ResourceLog(image.ref())),
              Optional.empty(),
              loop(config, image.ref(), chain.stream().allMatch(ImageConfig::autoInit))));
    }
    for (LocalResourceConfig local : config.localResources()) {
      if (!parts.options().wants(local.name())) continue;
      ProcessRunner runner = new ProcessRunner(parts.options().gracePeriod());
      List<Object> settings = common(config, registry, local.name());
      settings.add(Settings.of(local));
      targets.add(
          new Target(
              local.name(),
              "local",
              settings,
              List.of(),
              new LocalResourcePass(
                  local, runner, parts.options().windows(), new ResourceLog(local.name())),
              Optional.of(runner),
              loop(config, local.name(), local.autoInit())));
    }
    return targets;
  }

  private static PodEvents podEvents(
      SessionParts parts, String resource, Consumer<String> containersChanged) {
    return new PodEvents() {
      @Override
      public void pods(List<PodSnapshot> pods) {
        parts.board().pods(resource, pods);
      }

      @Override
      public void containersChanged() {
        containersChanged.accept(resource);
      }
    };
  }

  private static List<Object> common(ProjectConfig config, RegistryTarget registry, String name) {
    return new ArrayList<>(
        List.of(
            Settings.of(config.watch()),
            Settings.of(registry),
            Settings.of(config.resources().getOrDefault(name, ResourceOptions.DEFAULTS))));
  }

  // autoInit: false on the resource's entry in resources, or on the target itself (an image, a
  // local resource).
  private static LoopSettings loop(ProjectConfig config, String name, boolean autoInit) {
    ResourceOptions options = config.resources().getOrDefault(name, ResourceOptions.DEFAULTS);
    return new LoopSettings(
        name,
        config.watch().debounce(),
        config.watch().maxWait(),
        options.triggerMode() == ResourceOptions.TriggerMode.AUTO,
        autoInit && options.autoInit(),
        config.root());
  }

  private static List<String> refs(List<ImageConfig> images) {
    return images.stream().map(ImageConfig::ref).toList();
  }
}
