package dev.devd.engine;

import dev.devd.runtime.Deployer;
import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.RegistryTarget;
import dev.devd.render.K8sResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The targets of a project model, each with its pass: every deployed resource, every image built on its own, every
 * local resource. Shared by {@code devd up} (a loop per target) and {@code devd ci} (each pass once).
 */
final class Targets {

  /**
   * One target: what its behaviour depends on (a reload restarts it when this changes), the images it needs, its
   * pass, and the runner of its own commands (local resources) if any.
   */
  record Target(String name, String kind, Object settings, List<String> images, UpdatePass pass,
      Optional<ProcessRunner> runner, boolean autoTrigger) {}

  private Targets() {}

  /**
   * @param containersChanged called with a resource's name when its containers started, restarted or stopped
   */
  static List<Target> of(ProjectModel model, ImageBuilds builds, Optional<Deployer> deployer, RegistryTarget registry,
      DevSession.Options options, Predicate<String> wanted, Consumer<String> containersChanged) {
    ProjectConfig config = model.config();
    List<Target> targets = new ArrayList<>();
    for (K8sResource resource : model.resources()) {
      if (!wanted.test(resource.name())) continue;
      DeployPass pass = new DeployPass(resource, builds, model.renderOptions(), deployer.orElseThrow(),
          new ResourceLog(resource.name()), () -> containersChanged.accept(resource.name()));
      List<Object> settings = common(config, registry, resource.name());
      settings.add(Settings.of(resource));
      // What rendering depends on beyond the resource's own objects: which refs count as images, and custom kinds.
      settings.add(config.images().stream().map(image -> image.ref() + (image.matchInEnvVars() ? " env" : "")).toList());
      settings.add(Settings.of(config.k8sKinds()));
      settings.add(Settings.of(chain(config, resource.imageRefs())));
      targets.add(new Target(resource.name(), deployer.orElseThrow().kind(), settings, refs(chain(config, resource.imageRefs())), pass, Optional.empty(),
          autoTrigger(config, resource.name())));
    }
    for (ImageConfig image : model.standaloneImages()) {
      if (!wanted.test(image.ref())) continue;
      List<Object> settings = common(config, registry, image.ref());
      settings.add(Settings.of(chain(config, List.of(image.ref()))));
      targets.add(new Target(image.ref(), "image", settings, refs(chain(config, List.of(image.ref()))),
          new ImageOnlyPass(image.ref(), builds, new ResourceLog(image.ref())), Optional.empty(),
          autoTrigger(config, image.ref())));
    }
    for (LocalResourceConfig local : config.localResources()) {
      if (!wanted.test(local.name())) continue;
      ProcessRunner runner = new ProcessRunner(options.gracePeriod());
      List<Object> settings = common(config, registry, local.name());
      settings.add(Settings.of(local));
      targets.add(new Target(local.name(), "local", settings, List.of(),
          new LocalResourcePass(local, runner, options.windows(), new ResourceLog(local.name())), Optional.of(runner),
          autoTrigger(config, local.name())));
    }
    return targets;
  }

  private static List<Object> common(ProjectConfig config, RegistryTarget registry, String name) {
    return new ArrayList<>(List.of(Settings.of(config.watch()), Settings.of(registry),
        Settings.of(config.resources().getOrDefault(name, ResourceOptions.DEFAULTS))));
  }

  private static boolean autoTrigger(ProjectConfig config, String name) {
    return config.resources().getOrDefault(name, ResourceOptions.DEFAULTS).triggerMode() == ResourceOptions.TriggerMode.AUTO;
  }

  private static List<String> refs(List<ImageConfig> images) {
    return images.stream().map(ImageConfig::ref).toList();
  }

  /** These images and the images they depend on, dependencies first. */
  static List<ImageConfig> chain(ProjectConfig config, List<String> imageRefs) {
    Map<String, ImageConfig> ordered = new LinkedHashMap<>();
    for (String ref : imageRefs) config.image(ref).ifPresent(image -> addChain(config, image, ordered));
    return List.copyOf(ordered.values());
  }

  private static void addChain(ProjectConfig config, ImageConfig image, Map<String, ImageConfig> ordered) {
    for (String dep : image.imageDeps()) config.image(dep).ifPresent(d -> addChain(config, d, ordered));
    ordered.putIfAbsent(image.ref(), image);
  }
}
