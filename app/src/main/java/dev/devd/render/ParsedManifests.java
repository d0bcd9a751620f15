package dev.devd.render;

import java.nio.file.Path;
import java.util.List;

/**
 * The project's Kubernetes YAML as read at one config load: the files {@code k8sYaml} named (to
 * watch them) and their objects in file order, with {@code List} kinds expanded into their items.
 *
 * @param root the project folder; file names in messages are shown relative to it
 * @param files absolute paths, in the order they were read
 * @param sourceInputs the files and folders the other sources of {@code k8sYaml} were rendered from
 */
public record ParsedManifests(
    Path root, List<Path> files, List<K8sObject> objects, List<Path> sourceInputs) {
  public ParsedManifests {
    root = root.toAbsolutePath().normalize();
    files = List.copyOf(files);
    objects = List.copyOf(objects);
    sourceInputs = List.copyOf(sourceInputs);
  }

  /**
   * How messages name {@code file}: relative to the project folder with {@code /}, as users write
   * it in k8sYaml.
   */
  public String shown(Path file) {
    return shown(root, file);
  }

  static String shown(Path root, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(root)) return absolute.toString();
    return root.relativize(absolute).toString().replace(java.io.File.separatorChar, '/');
  }
}
