package dev.devd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One entry of {@code k8sYaml:} (SPEC §11.1): files or a glob of Kubernetes YAML, or a source that
 * prints YAML when it is rendered: a local Helm chart, a kustomization, or any command. Paths are
 * absolute.
 */
public sealed interface YamlSource
    permits YamlSource.Files, YamlSource.Helm, YamlSource.Kustomize, YamlSource.Command {

  /** Where the entry is written in devd.yaml, for messages about it. */
  SourceLocation location();

  /** Its place in {@code k8sYaml:}, for messages such as {@code k8sYaml[2]}. */
  int index();

  /** The YAML path of the entry, such as {@code k8sYaml[2]}. */
  default String yamlPath() {
    return "k8sYaml[" + index() + "]";
  }

  /**
   * A file, a folder of YAML files, or a glob, as written (relative to devd.yaml's folder).
   *
   * @param pattern {@code k8s/app.yaml}, {@code k8s/}, {@code k8s/*.yaml}
   */
  record Files(String pattern, int index, SourceLocation location) implements YamlSource {}

  /**
   * A local Helm chart rendered as {@code helm template} would: its {@code charts/} dependencies
   * included, the values files in order, then {@code set}.
   *
   * @param chart the chart's folder (or packaged {@code .tgz})
   * @param releaseName the release name the templates see; Tilt's default, the chart folder's name,
   *     when unset
   * @param namespace the release namespace; also given to the objects that have none, as {@code
   *     helm install} would
   * @param set values by dotted key, as {@code --set key=value}
   */
  record Helm(
      Path chart,
      String releaseName,
      Optional<String> namespace,
      List<Path> values,
      Map<String, String> set,
      int index,
      SourceLocation location)
      implements YamlSource {
    public Helm {
      values = List.copyOf(values);
      // In the order written: a later key may override part of an earlier one, as with helm's
      // --set.
      set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
    }

    /**
     * What a change to renders the chart again: the chart folder with everything below it, and the
     * values files.
     */
    public List<Path> inputs() {
      return Stream.concat(Stream.of(chart), values.stream()).toList();
    }
  }

  /**
   * A kustomization folder, rendered by {@code kustomize build} or {@code kubectl kustomize}; what
   * it reads is found when it is rendered.
   */
  record Kustomize(Path dir, int index, SourceLocation location) implements YamlSource {}

  /**
   * A command that prints Kubernetes YAML on stdout (Tilt's {@code k8s_yaml(local(...))}), run in
   * devd.yaml's folder.
   *
   * @param deps the files and folders whose changes render it again
   */
  record Command(Cmd cmd, List<Path> deps, int index, SourceLocation location)
      implements YamlSource {
    public Command {
      deps = List.copyOf(deps);
    }

    /** What a change to runs the command again: its deps. */
    public List<Path> inputs() {
      return deps;
    }
  }
}
