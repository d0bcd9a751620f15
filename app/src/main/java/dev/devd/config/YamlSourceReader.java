package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code k8sYaml:} into {@link YamlSource}s: each entry a file, folder or glob (a string), or
 * a mapping with one of {@code helm:}, {@code kustomize:} and {@code cmd:}. What can be checked
 * without running anything is checked here: the chart and kustomization folders, values files and
 * deps exist, names are valid. What the tools say about their input is reported when the sources
 * are rendered.
 */
final class YamlSourceReader {
  static final List<String> ENTRY_KEYS = List.of("helm", "kustomize", "cmd", "deps");
  static final List<String> HELM_KEYS =
      List.of("chart", "releaseName", "namespace", "values", "set");
  private static final List<String> KINDS = List.of("helm", "kustomize", "cmd");
  // The files kustomize looks for in a kustomization folder, in its order.
  static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  // Helm's own rule for release names (pkg/chartutil: a DNS-1123 subdomain of at most 53
  // characters).
  private static final Pattern RELEASE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int RELEASE_NAME_MAX = 53;
  // A namespace is a DNS-1123 label.
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final String EXAMPLE =
      "k8sYaml: [k8s/*.yaml, {helm: {chart: deploy/chart}}, {kustomize: deploy/dev}]";

  private final ValueReader values;
  private final Problems problems;

  YamlSourceReader(ValueReader values) {
    this.values = values;
    this.problems = values.problems();
  }

  /** The sources in the order written; entries with problems are reported and left out. */
  List<YamlSource> readAll(YamlNode node) {
    List<YamlNode> items;
    // One string stands for a list of one, as before sources existed: k8sYaml: k8s/app.yaml.
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING) {
      items = List.of(scalar);
    } else if (node instanceof Sequence sequence) {
      items = sequence.items();
    } else {
      values.wrongType(node, "a list of files, globs and sources", EXAMPLE);
      return List.of();
    }
    List<YamlSource> sources = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      int before = problems.count();
      Optional<YamlSource> source =
          switch (item) {
            case Scalar scalar when !scalar.isNull() -> files(scalar, i);
            case Mapping mapping -> source(mapping, i);
            default -> {
              values.wrongType(
                  item, "a file, a glob, or a source (helm:, kustomize: or cmd:)", EXAMPLE);
              yield Optional.empty();
            }
          };
      if (source.isPresent() && problems.count() == before) sources.add(source.get());
    }
    return sources;
  }

  /**
   * A plain file name that does not exist is a typo worth reporting now; a glob may match files
   * made later.
   */
  private Optional<YamlSource> files(Scalar item, int index) {
    if (!GLOB.matcher(item.text()).find()) values.path(item, values.root(), true);
    return Optional.of(new YamlSource.Files(item.text(), index, item.location()));
  }

  private Optional<YamlSource> source(Mapping mapping, int index) {
    MappingReader entry = new MappingReader(mapping, ENTRY_KEYS, values);
    List<Entry> kinds = new ArrayList<>();
    for (String kind : KINDS) entry.entry(kind).ifPresent(kinds::add);
    if (kinds.isEmpty()) {
      // An unknown key such as "hlem" was reported with a "did you mean"; saying "missing" too
      // would be noise.
      if (mapping.entries().stream().allMatch(e -> ENTRY_KEYS.contains(e.key()))) {
        problems.add(
            mapping,
            "missing \"helm\", \"kustomize\" or \"cmd\"",
            "write one, e.g. - helm: {chart: "
                + "deploy/chart}, - kustomize: deploy/overlays/dev or - cmd: ./gen-yaml.sh");
      }
      return Optional.empty();
    }
    if (kinds.size() > 1) {
      problems.add(
          kinds.get(1).keyLocation(),
          "both " + kinds.get(0).key() + " and " + kinds.get(1).key() + " are set",
          "keep one: each entry of k8sYaml is one source; write the other as an entry of its own");
      return Optional.empty();
    }
    Entry kind = kinds.getFirst();
    Optional<Entry> deps = entry.entry("deps");
    if (deps.isPresent() && !kind.key().equals("cmd")) {
      problems.add(
          deps.get().keyLocation(),
          "deps belong to a cmd source",
          "remove deps: (devd watches the files of a " + kind.key() + " source by itself)");
    }
    SourceLocation location = mapping.location();
    return switch (kind.key()) {
      case "helm" -> helm(kind.value(), index, location);
      case "kustomize" -> kustomize(kind, index, location);
      default -> command(entry, index, location);
    };
  }

  /** {@code helm: {chart: DIR, ...}}, or {@code helm: DIR} for a chart with nothing else set. */
  private Optional<YamlSource> helm(YamlNode node, int index, SourceLocation location) {
    String example = "helm: {chart: deploy/chart, values: [deploy/dev-values.yaml]}";
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING) {
      return chart(scalar)
          .map(
              chart ->
                  new YamlSource.Helm(
                      chart,
                      defaultReleaseName(scalar, chart).orElse(""),
                      Optional.empty(),
                      List.of(),
                      Map.of(),
                      index,
                      location));
    }
    Optional<MappingReader> mapping = values.mapping(node, HELM_KEYS, example);
    if (mapping.isEmpty()) return Optional.empty();
    MappingReader helm = mapping.get();
    Optional<YamlNode> chartNode =
        helm.require("chart", "add the chart's folder, e.g. chart: deploy/chart");
    Optional<Path> chart = Optional.empty();
    if (chartNode.isPresent()
        && values.text(chartNode.get(), "a folder", "chart: deploy/chart").isPresent()) {
      chart = chart((Scalar) chartNode.get());
    }
    Optional<String> releaseName = helm.text("releaseName", "a release name", "releaseName: web");
    releaseName.ifPresent(
        name -> checkReleaseName(helm.get("releaseName").get(), name, "releaseName: web"));
    if (releaseName.isEmpty() && chart.isPresent())
      releaseName = defaultReleaseName(chartNode.get(), chart.get());
    Optional<String> namespace = helm.text("namespace", "a namespace", "namespace: dev");
    if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
      problems.add(
          helm.get("namespace").get(),
          "invalid namespace \"" + namespace.get() + "\"",
          "write up to 63 lower-case letters, digits and -, starting and ending with a letter or digit, e.g. namespace: dev");
    }
    List<Path> valuesFiles =
        helm.paths("values", true, true, "values: [deploy/dev-values.yaml]").orElse(List.of());
    Map<String, String> set = helm.has("set") ? set(helm.get("set").get()) : Map.of();
    if (chart.isEmpty() || releaseName.isEmpty()) return Optional.empty();
    return Optional.of(
        new YamlSource.Helm(
            chart.get(), releaseName.get(), namespace, valuesFiles, set, index, location));
  }

  /** The chart: a folder with a Chart.yaml, or a packaged chart ({@code .tgz}). */
  private Optional<Path> chart(Scalar node) {
    Optional<Path> path = values.path(node, values.root(), true);
    if (path.isEmpty()) return path;
    String fix = "point chart: at the folder that holds Chart.yaml";
    if (Files.isDirectory(path.get())) {
      if (Files.isRegularFile(path.get().resolve("Chart.yaml"))) return path;
      problems.add(
          node, "\"" + node.text() + "\" holds no Chart.yaml, so it is not a Helm chart", fix);
      return Optional.empty();
    }
    if (path.get().getFileName().toString().endsWith(".tgz")) return path;
    problems.add(node, "\"" + node.text() + "\" is a file, not a chart folder", fix);
    return Optional.empty();
  }

  /**
   * Tilt's default: the chart folder's name (a packaged chart's file name without {@code .tgz}).
   */
  private Optional<String> defaultReleaseName(YamlNode chartNode, Path chart) {
    String name = chart.getFileName().toString();
    if (name.endsWith(".tgz")) name = name.substring(0, name.length() - ".tgz".length());
    if (releaseNameProblem(name).isEmpty()) return Optional.of(name);
    problems.add(
        chartNode,
        "the chart's folder name \""
            + name
            + "\" is not a valid release name, and devd uses it "
            + "when releaseName is not set",
        "set releaseName:, e.g. releaseName: web");
    return Optional.empty();
  }

  private void checkReleaseName(YamlNode node, String name, String example) {
    releaseNameProblem(name)
        .ifPresent(
            reason ->
                problems.add(
                    node,
                    "invalid release name \"" + name + "\": " + reason,
                    "write e.g. " + example));
  }

  private static Optional<String> releaseNameProblem(String name) {
    if (name.length() > RELEASE_NAME_MAX)
      return Optional.of("Helm allows at most " + RELEASE_NAME_MAX + " characters");
    if (!RELEASE_NAME.matcher(name).matches()) {
      return Optional.of(
          "use lower-case letters, digits, - and ., starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /**
   * {@code set: {image.tag: dev, replicas: 1}}: dotted keys as {@code --set} takes them, scalar
   * values as text.
   */
  private Map<String, String> set(YamlNode node) {
    String example = "set: {replicas: \"1\", image.tag: dev}";
    Map<String, String> set = new LinkedHashMap<>();
    if (!(node instanceof Mapping mapping)) {
      values.wrongType(node, "a mapping of value keys to values", example);
      return set;
    }
    for (Entry entry : mapping.entries()) {
      if (entry.key().isBlank() || entry.key().contains("=")) {
        problems.add(
            entry.keyLocation(),
            "invalid value key \"" + entry.key() + "\"",
            "write a key such as image.tag, without \"=\"");
      } else if (entry.value() instanceof Scalar scalar && scalar.isNull()) {
        problems.add(
            entry.keyLocation(),
            entry.key() + " has no value",
            "write " + entry.key() + ": \"\" for an empty" + " value, or remove it");
      } else if (entry.value() instanceof Scalar scalar) {
        set.put(entry.key(), scalar.text());
      } else {
        values.wrongType(
            entry.value(),
            "a value (a string, number or boolean); nested values are set with dotted " + "keys",
            "set: {image.tag: dev}");
      }
    }
    return set;
  }

  private Optional<YamlSource> kustomize(Entry kind, int index, SourceLocation location) {
    Optional<String> text = values.text(kind.value(), "a folder", "kustomize: deploy/overlays/dev");
    if (text.isEmpty()) return Optional.empty();
    Scalar node = (Scalar) kind.value();
    Optional<Path> dir = values.path(node, values.root(), true);
    if (dir.isEmpty()) return Optional.empty();
    if (!Files.isDirectory(dir.get())) {
      problems.add(
          node,
          "\"" + text.get() + "\" is a file, not a folder",
          "point kustomize: at the folder that holds " + "kustomization.yaml");
      return Optional.empty();
    }
    if (KUSTOMIZATION_FILES.stream()
        .noneMatch(name -> Files.isRegularFile(dir.get().resolve(name)))) {
      problems.add(
          node,
          "\"" + text.get() + "\" holds no kustomization.yaml",
          "point kustomize: at the folder that " + "holds it");
      return Optional.empty();
    }
    return Optional.of(new YamlSource.Kustomize(dir.get(), index, location));
  }

  private Optional<YamlSource> command(MappingReader entry, int index, SourceLocation location) {
    Optional<Cmd> cmd = entry.command("cmd", "prints Kubernetes YAML", "cmd: ./gen-yaml.sh");
    List<Path> deps =
        entry.paths("deps", true, true, "deps: [gen-yaml.sh, templates/]").orElse(List.of());
    return cmd.map(command -> new YamlSource.Command(command, deps, index, location));
  }
}
