package dev.devd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated devd.yaml: everything devd needs to watch, build and deploy one project. Paths are
 * absolute.
 *
 * @param file the devd.yaml that was read
 * @param root the folder of that file; relative paths in it are resolved against this folder
 * @param k8sYaml where the Kubernetes YAML comes from, in the order written: files and globs, Helm
 *     charts, kustomizations, commands
 * @param keep how many content tags of each image devd keeps in the local store, unless the image
 *     says otherwise
 * @param notes what is worth knowing but no problem (such as deps that do not exist yet), by line
 * @param locations where each value was written, by YAML path ({@code k8sYaml[0]}, {@code
 *     images[1].deps[0]}): checks of other files, made after devd.yaml was read, point back at the
 *     value that named them
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
    int maxParallelUpdates,
    int keep,
    List<ConfigNote> notes,
    Map<String, SourceLocation> locations) {

  public static final int DEFAULT_MAX_PARALLEL_UPDATES = 3;
  // Five covers flipping between a few branches or states of a file without a rebuild, while the
  // images of a
  // project stay a handful of copies on disk.
  public static final int DEFAULT_KEEP = 5;

  public ProjectConfig {
    k8sYaml = List.copyOf(k8sYaml);
    allowK8sContexts = List.copyOf(allowK8sContexts);
    images = List.copyOf(images);
    resources = Map.copyOf(resources);
    localResources = List.copyOf(localResources);
    k8sKinds = List.copyOf(k8sKinds);
    notes = List.copyOf(notes);
    locations = Map.copyOf(locations);
  }

  /**
   * Where the value at {@code yamlPath} was written; a location with only the path when it is not
   * known.
   */
  public SourceLocation locate(String yamlPath) {
    return locations.getOrDefault(yamlPath, new SourceLocation(0, 0, yamlPath));
  }

  /** How messages name devd.yaml: its file name. */
  public String shownName() {
    return ConfigLoader.shownName(file);
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

  /** How many content tags of this image devd keeps: its own {@code keep}, else the global one. */
  public int keep(ImageConfig image) {
    return image.keep().orElse(keep);
  }

  public Optional<ImageConfig> image(String ref) {
    return images.stream().filter(i -> i.ref().equals(ref)).findFirst();
  }
}
