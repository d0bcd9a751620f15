package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the whole devd.yaml document into a {@link ProjectConfig}: the top-level keys itself, {@code images:} and
 * {@code localResources:} through their readers. Every problem goes to {@link Problems}; the config is only built
 * when there are none.
 */
final class ProjectConfigReader {
  static final List<String> KEYS = List.of("k8sYaml", "allowK8sContexts", "defaultRegistry", "runtime", "watch",
      "images", "resources", "localResources", "k8sKinds", "maxParallelUpdates");
  private static final List<String> RESOURCE_KEYS = List.of("portForwards", "triggerMode", "resourceDeps", "labels");
  private static final List<String> K8S_KIND_KEYS = List.of("kind", "apiVersion", "imageJsonPath");
  // host[:port][/path], the path in Docker's lower-case repository syntax.
  private static final Pattern REGISTRY = Pattern.compile(
      "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
          + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

  private final Path file;
  private final ValueReader values;
  private final Problems problems;
  private final BuilderPresets presets;

  ProjectConfigReader(Path file, ValueReader values, BuilderPresets presets) {
    this.file = file;
    this.values = values;
    this.problems = values.problems();
    this.presets = presets;
  }

  Optional<ProjectConfig> read(YamlNode document) {
    if (!(document instanceof Mapping mapping)) {
      problems.add(document, "the top level is " + document.describe(),
          "write a mapping with keys such as images: and localResources: (see the README)");
      return Optional.empty();
    }
    MappingReader top = new MappingReader(mapping, KEYS, problems);
    Runtime runtime = top.get("runtime")
        .flatMap(n -> values.choice(n, List.of("auto", "kubernetes", "podman"), "a runtime"))
        .map(r -> Runtime.valueOf(r.toUpperCase(Locale.ROOT)))
        .orElse(Runtime.AUTO);
    List<String> k8sYaml = top.get("k8sYaml").map(this::k8sYaml).orElse(List.of());
    List<String> contexts = top.get("allowK8sContexts")
        .flatMap(n -> values.strings(n, "context name", true, "allowK8sContexts: [rancher-desktop]"))
        .orElse(List.of());
    Optional<String> registry = top.get("defaultRegistry").flatMap(this::registry);
    WatchSettings watch = top.get("watch").map(this::watch).orElse(WatchSettings.DEFAULTS);
    ImageReader imageReader = new ImageReader(values, presets, runtime);
    List<ImageConfig> images = top.get("images").map(imageReader::readAll).orElse(List.of());
    Map<String, ResourceOptions> resources = top.get("resources").map(this::resources).orElse(Map.of());
    List<LocalResourceConfig> localResources = top.get("localResources")
        .map(n -> new LocalResourceReader(values).readAll(n, imageReader.refs()))
        .orElse(List.of());
    List<K8sKind> k8sKinds = top.get("k8sKinds").map(this::k8sKinds).orElse(List.of());
    int maxParallelUpdates = top.get("maxParallelUpdates")
        .flatMap(n -> values.integer(n, 1, "maxParallelUpdates: 3"))
        .orElse(ProjectConfig.DEFAULT_MAX_PARALLEL_UPDATES);
    if (!hasEntries(top, "images") && !hasEntries(top, "localResources")) {
      problems.add(SourceLocation.UNKNOWN, "there are no images and no localResources, so there is nothing to do",
          "add images: or localResources: (see the README)");
    }
    if (!problems.isEmpty()) return Optional.empty();
    return Optional.of(new ProjectConfig(file, values.root(), k8sYaml, contexts, registry, runtime, watch, images,
        resources, localResources, k8sKinds, maxParallelUpdates));
  }

  private static boolean hasEntries(MappingReader top, String key) {
    return top.get(key).map(n -> !(n instanceof YamlNode.Sequence s) || !s.items().isEmpty()).orElse(false);
  }

  /** Files or globs as written; a plain file name that does not exist is a typo worth reporting now. */
  private List<String> k8sYaml(YamlNode node) {
    List<String> files = new ArrayList<>();
    for (Scalar item : values.scalars(node, "file or glob", true, "k8sYaml: [k8s/*.yaml]").orElse(List.of())) {
      if (!GLOB.matcher(item.text()).find()) values.path(item, values.root(), true);
      files.add(item.text());
    }
    return files;
  }

  private Optional<String> registry(YamlNode node) {
    String example = "defaultRegistry: localhost:5000";
    Optional<String> text = values.text(node, "a registry (host[:port][/path])", example);
    if (text.isEmpty() || REGISTRY.matcher(text.get()).matches()) return text;
    int scheme = text.get().indexOf("://");
    if (scheme >= 0) {
      problems.add(node, "\"" + text.get() + "\" has a scheme",
          "write it without one, e.g. defaultRegistry: " + text.get().substring(scheme + 3));
    } else {
      problems.add(node, "invalid registry \"" + text.get() + "\"",
          "write host[:port][/path] with a lower-case path, e.g. " + example);
    }
    return Optional.empty();
  }

  private WatchSettings watch(YamlNode node) {
    Optional<MappingReader> mapping = values.mapping(node, List.of("ignore", "debounce", "maxWait"),
        "watch: {debounce: 100ms}");
    if (mapping.isEmpty()) return WatchSettings.DEFAULTS;
    MappingReader watch = mapping.get();
    List<String> ignore = watch.get("ignore")
        .flatMap(n -> values.strings(n, "pattern", true, "ignore: [\"**/*.log\"]")).orElse(List.of());
    Duration debounce = watch.get("debounce").flatMap(n -> values.duration(n, false, "debounce: 100ms"))
        .orElse(WatchSettings.DEFAULT_DEBOUNCE);
    Optional<YamlNode> maxWaitNode = watch.get("maxWait");
    Duration maxWait = maxWaitNode.flatMap(n -> values.duration(n, true, "maxWait: 10s"))
        .orElse(WatchSettings.DEFAULT_MAX_WAIT);
    if (maxWait.compareTo(debounce) < 0) {
      SourceLocation at = maxWaitNode.map(YamlNode::location)
          .orElseGet(() -> watch.get("debounce").orElseThrow().location());
      problems.add(at, "maxWait (" + show(maxWait) + ") is shorter than debounce (" + show(debounce) + ")",
          "make maxWait at least as long as debounce; it caps how long a batch of changes waits");
    }
    return new WatchSettings(ignore, debounce, maxWait);
  }

  private Map<String, ResourceOptions> resources(YamlNode node) {
    Map<String, ResourceOptions> resources = new LinkedHashMap<>();
    if (!(node instanceof Mapping mapping)) {
      values.wrongType(node, "a mapping of resource names to options", "resources: {web: {portForwards: [8000:80]}}");
      return resources;
    }
    for (Entry entry : mapping.entries()) {
      String name = entry.key();
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        problems.add(entry.keyLocation(), "resource names are lower-case, \"" + name + "\" is not",
            "write " + name.toLowerCase(Locale.ROOT));
      }
      if (entry.value() instanceof Scalar s && s.isNull()) continue;
      values.mapping(entry.value(), RESOURCE_KEYS, name + ": {triggerMode: manual}")
          .ifPresent(options -> resources.put(name, resourceOptions(options)));
    }
    return resources;
  }

  private ResourceOptions resourceOptions(MappingReader options) {
    List<String> ports = new ArrayList<>();
    options.get("portForwards").flatMap(n -> values.scalars(n, "port forward", false, "portForwards: [\"8000:80\"]"))
        .orElse(List.of())
        .forEach(item -> portForward(item).ifPresent(ports::add));
    ResourceOptions.TriggerMode triggerMode = options.get("triggerMode")
        .flatMap(n -> values.choice(n, List.of("auto", "manual"), "a trigger mode"))
        .map(m -> ResourceOptions.TriggerMode.valueOf(m.toUpperCase(Locale.ROOT)))
        .orElse(ResourceOptions.TriggerMode.AUTO);
    List<String> resourceDeps = options.get("resourceDeps")
        .flatMap(n -> values.strings(n, "resource name", false, "resourceDeps: [db]")).orElse(List.of());
    List<String> labels = options.get("labels")
        .flatMap(n -> values.strings(n, "label", false, "labels: [web]")).orElse(List.of());
    return new ResourceOptions(ports, triggerMode, resourceDeps, labels, options.mapping().location());
  }

  /** {@code 8000}, {@code 8000:80} or {@code 127.0.0.1:8000:80}; a number is the local and container port. */
  private Optional<String> portForward(Scalar item) {
    String[] parts = item.text().split(":", -1);
    boolean ok = parts.length <= 3;
    for (int i = parts.length == 3 ? 1 : 0; ok && i < parts.length; i++) ok = isPort(parts[i]);
    if (ok && parts.length == 3) ok = !parts[0].isBlank() && !parts[0].contains(" ");
    if (ok) return Optional.of(item.text());
    problems.add(item, "invalid port forward \"" + item.text() + "\"",
        "write LOCAL:CONTAINER, e.g. \"8000:80\", or HOST:LOCAL:CONTAINER, e.g. \"127.0.0.1:8000:80\" "
            + "(ports 1 to 65535)");
    return Optional.empty();
  }

  private static boolean isPort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535;
  }

  private List<K8sKind> k8sKinds(YamlNode node) {
    List<K8sKind> kinds = new ArrayList<>();
    String example = "k8sKinds: [{kind: Rollout, apiVersion: argoproj.io/v1alpha1, imageJsonPath: "
        + "[\"{.spec.template.spec.containers[*].image}\"]}]";
    if (!(node instanceof YamlNode.Sequence sequence)) {
      values.wrongType(node, "a list of kinds", example);
      return kinds;
    }
    for (YamlNode item : sequence.items()) {
      Optional<MappingReader> mapping = values.mapping(item, K8S_KIND_KEYS, "- {kind: Rollout}");
      if (mapping.isEmpty()) continue;
      MappingReader kind = mapping.get();
      Optional<String> name = kind.require("kind", "add the kind's name, e.g. kind: Rollout")
          .flatMap(n -> values.text(n, "a kind name", "kind: Rollout"));
      Optional<String> apiVersion = kind.get("apiVersion")
          .flatMap(n -> values.text(n, "an apiVersion", "apiVersion: argoproj.io/v1alpha1"));
      List<String> paths = kind.get("imageJsonPath")
          .flatMap(n -> values.strings(n, "JSON path", false, "imageJsonPath: [\"{.spec.image}\"]"))
          .orElse(List.of());
      name.ifPresent(n -> kinds.add(new K8sKind(n, apiVersion.orElse(""), paths, kind.mapping().location())));
    }
    return kinds;
  }

  private static String show(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
