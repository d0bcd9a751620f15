package dev.devd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated devd.yaml: everything devd needs to watch, build and deploy one project. Paths are absolute.
 *
 * @param file the devd.yaml that was read
 * @param root the folder of that file; relative paths in it are resolved against this folder
 * @param k8sYaml where the Kubernetes YAML comes from, in the order written: files and globs, Helm charts,
 *     kustomizations, commands
 */
public record ProjectConfig(
    Path file,
    Path root,
    List<YamlSource> k8sYaml,
    List<String> allowK8sContexts,
    Optional<String> defaultRegistry,
    Runtime runtime,
    WatchSettings watch,
    List<ImageConfig> images,
    Map<String, ResourceOptions> resources,
    List<LocalResourceConfig> localResources,
    List<K8sKind> k8sKinds,
    int maxParallelUpdates) {

  public static final int DEFAULT_MAX_PARALLEL_UPDATES = 3;

  public ProjectConfig {
    k8sYaml = List.copyOf(k8sYaml);
    allowK8sContexts = List.copyOf(allowK8sContexts);
    images = List.copyOf(images);
    resources = Map.copyOf(resources);
    localResources = List.copyOf(localResources);
    k8sKinds = List.copyOf(k8sKinds);
  }

  /** The files, folders and globs among {@code k8sYaml}, as written (relative to root). */
  public List<String> k8sYamlFiles() {
    List<String> patterns = new ArrayList<>();
    for (YamlSource source : k8sYaml) {
      if (source instanceof YamlSource.Files files) patterns.add(files.pattern());
    }
    return patterns;
  }

  /** The folder devd keeps its own files in (log, state): {@code .devd/} beside devd.yaml. */
  public Path stateDir() {
    return root.resolve(".devd");
  }

  public Optional<ImageConfig> image(String ref) {
    return images.stream().filter(i -> i.ref().equals(ref)).findFirst();
  }
}
