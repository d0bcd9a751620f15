package dev.devd.cli;

import dev.devd.config.KeySuggester;
import dev.devd.config.ProjectConfig;
import dev.devd.engine.ProjectModel;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.DeployedRefs;
import dev.devd.image.ImageRef;
import dev.devd.liveupdate.ProcessRestartException;
import dev.devd.liveupdate.ProcessSupervisor;
import dev.devd.render.K8sObject;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestRenderer;
import dev.devd.render.RenderedManifests;
import dev.devd.render.YamlWriter;
import dev.devd.runtime.StoreImageCommands;
import dev.devd.wiring.LocalImageStores;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code devd render [RESOURCE...]}: prints the YAML devd would apply, every source rendered, with
 * the image refs devd last deployed for this project (like {@code skaffold render}); images never
 * deployed keep the ref the YAML has, and a comment at the top says which.
 */
@Command(
    name = "render",
    description =
        "Print the Kubernetes YAML devd would apply, with the image refs it last deployed.")
public final class RenderCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      arity = "0..*",
      paramLabel = "RESOURCE",
      description = "only these resources (default: all)")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    ProjectModel model = ProjectModel.load(config);
    Set<String> known =
        new LinkedHashSet<>(model.resources().stream().map(K8sResource::name).toList());
    for (String name : only) {
      if (!known.contains(name))
        throw new UsageException(KeySuggester.unknown("resource", name, known));
    }
    if (!model.deploys()) {
      System.err.println(
          config.file().getFileName() + " names no Kubernetes YAML, so there is nothing to render");
      return ExitCodes.OK;
    }
    Map<String, ImageRef> deployed = new DeployedRefs(config.stateDir()).read();
    ManifestRenderer renderer = new ManifestRenderer();
    List<K8sObject> objects = new ArrayList<>();
    Set<String> notDeployed = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    // restartProcess wraps commands as devd up does; what an image runs comes from the local store,
    // asked only if needed.
    StoreImageCommands commands =
        new StoreImageCommands(LocalImageStores.detect(new ProcessRunner()));
    Set<ImageRef> restarting = ProcessSupervisor.restarting(config.images(), deployed);
    for (K8sResource resource : model.resources()) {
      if (!only.isEmpty() && !only.contains(resource.name())) continue;
      resource.imageRefs().stream()
          .filter(ref -> !deployed.containsKey(ref))
          .forEach(notDeployed::add);
      RenderedManifests rendered = renderer.render(resource, deployed, model.renderOptions());
      try {
        rendered = ProcessSupervisor.wrap(rendered, restarting, commands::of);
      } catch (ProcessRestartException e) {
        problems.add(e.getMessage());
      }
      objects.addAll(rendered.objects());
    }
    StringBuilder text = new StringBuilder();
    problems.forEach(
        problem -> text.append("# ").append(problem.replace("\n", "\n# ")).append('\n'));
    if (!notDeployed.isEmpty()) {
      text.append("# devd has not deployed ")
          .append(String.join(", ", notDeployed))
          .append(" for this project yet: ")
          .append(notDeployed.size() == 1 ? "its ref is" : "their refs are")
          .append(" left as the YAML writes ")
          .append(notDeployed.size() == 1 ? "it" : "them")
          .append('\n');
    }
    text.append(new YamlWriter().write(objects));
    System.out.print(text);
    return ExitCodes.OK;
  }
}
