package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestException;
import dev.devd.render.ManifestParser;
import dev.devd.render.ParsedManifests;
import dev.devd.render.RenderOptions;
import dev.devd.render.RenderedYaml;
import dev.devd.render.ResourceGrouper;
import dev.devd.render.UnusedImages;
import dev.devd.yamlsource.SourceRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything devd derives from one load of devd.yaml and the Kubernetes YAML it names: the
 * resources to deploy, how to render them, and the warnings to show. Built once per config load.
 */
public record ProjectModel(
    ProjectConfig config,
    ParsedManifests manifests,
    List<K8sResource> resources,
    RenderOptions renderOptions,
    List<String> warnings) {

  public ProjectModel {
    resources = List.copyOf(resources);
    warnings = List.copyOf(warnings);
  }

  /**
   * The model of {@code config}, its YAML sources rendered with commands run by a runner of their
   * own.
   */
  public static ProjectModel load(ProjectConfig config) throws ManifestException {
    return load(config, new SourceRenderer(new ProcessRunner()));
  }

  /**
   * The model of {@code config}: its YAML sources rendered by {@code sources} (a source that fails
   * fails the load, so a reload keeps what runs), then parsed and grouped into resources.
   */
  public static ProjectModel load(ProjectConfig config, SourceRenderer sources)
      throws ManifestException {
    RenderOptions options = RenderOptions.of(config);
    List<RenderedYaml> rendered = sources.render(config);
    ParsedManifests parsed = new ManifestParser().parse(config, rendered);
    List<K8sResource> resources = new ResourceGrouper().group(parsed, options);
    List<String> warnings = new UnusedImages().warnings(config, parsed, resources, options);
    return new ProjectModel(config, parsed, resources, options, warnings);
  }

  /** Whether anything is deployed: without Kubernetes YAML, images are only built. */
  public boolean deploys() {
    return !resources.isEmpty();
  }

  /**
   * The images built on their own, as targets named by their ref: all of them when nothing is
   * deployed.
   */
  public List<ImageConfig> standaloneImages() {
    return deploys() ? List.of() : config.images();
  }

  /** Every target's name: resources, standalone images and local resources, in that order. */
  public Set<String> targetNames() {
    Map<String, Boolean> names = new LinkedHashMap<>();
    resources.forEach(resource -> names.put(resource.name(), true));
    standaloneImages().forEach(image -> names.put(image.ref(), true));
    config.localResources().forEach(local -> names.put(local.name(), true));
    return names.keySet();
  }

  /**
   * What an edit of reloads the config: the Kubernetes YAML files read, and the files and folders
   * (with everything below them) the other YAML sources were rendered from.
   */
  public List<Path> manifestFiles() {
    List<Path> paths = new ArrayList<>(manifests.files());
    paths.addAll(manifests.sourceInputs());
    return paths;
  }
}
