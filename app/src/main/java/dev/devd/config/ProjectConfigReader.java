package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
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
 * Reads the whole devd.yaml document into a {@link ProjectConfig}: the top-level keys itself,
 * {@code images:} and {@code localResources:} through their readers. Every problem goes to {@link
 * Problems}; the config is only built when there are none.
 */
final class ProjectConfigReader {
  static final List<String> KEYS =
      List.of(
          "k8sYaml",
          "allowK8sContexts",
          "defaultRegistry",
          "runtime",
          "watch",
          "images",
          "resources",
          "localResources",
          "k8sKinds",
          "maxParallelUpdates",
          "keep");
  private static final List<String> RESOURCE_KEYS =
      List.of("portForwards", "triggerMode", "resourceDeps", "labels", "autoInit", "links");
  private static final List<String> K8S_KIND_KEYS = List.of("kind", "apiVersion", "imageJsonPath");
  // host[:port][/path], the path in Docker's lower-case repository syntax.
  private static final Pattern REGISTRY =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
              + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

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
      problems.add(
          document,
          "the top level is " + document.describe(),
          "write a mapping with keys such as images: and localResources: (see the README)");
      return Optional.empty();
    }
    MappingReader top = new MappingReader(mapping, KEYS, values);
    Runtime runtime = Runtime.AUTO;
    Optional<String> runtimeName =
        top.choice("runtime", List.of("auto", "kubernetes", "podman"), "a runtime");
    if (runtimeName.isPresent())
      runtime = Runtime.valueOf(runtimeName.get().toUpperCase(Locale.ROOT));
    List<YamlSource> k8sYaml =
        top.has("k8sYaml")
            ? new YamlSourceReader(values).readAll(top.get("k8sYaml").get())
            : List.of();
    List<String> contexts =
        top.strings("allowK8sContexts", "context name", true, "allowK8sContexts: [rancher-desktop]")
            .orElse(List.of());
    Optional<String> registry =
        top.has("defaultRegistry") ? registry(top.get("defaultRegistry").get()) : Optional.empty();
    WatchSettings watch = top.has("watch") ? watch(top.get("watch").get()) : WatchSettings.DEFAULTS;
    ImageReader imageReader = new ImageReader(values, presets, runtime);
    List<ImageConfig> images =
        top.has("images") ? imageReader.readAll(top.get("images").get()) : List.of();
    Map<String, ResourceOptions> resources =
        top.has("resources") ? resources(top.get("resources").get()) : Map.of();
    List<LocalResourceConfig> localResources =
        top.has("localResources")
            ? new LocalResourceReader(values)
                .readAll(top.get("localResources").get(), imageReader.refs())
            : List.of();
    List<K8sKind> k8sKinds = top.has("k8sKinds") ? k8sKinds(top.get("k8sKinds").get()) : List.of();
    int maxParallelUpdates =
        top.integer("maxParallelUpdates", 1, "maxParallelUpdates: 3")
            .orElse(ProjectConfig.DEFAULT_MAX_PARALLEL_UPDATES);
    int keep = top.integer("keep", 1, "keep: 5").orElse(ProjectConfig.DEFAULT_KEEP);
    if (!hasEntries(top, "images") && !hasEntries(top, "localResources")) {
      problems.add(
          SourceLocation.UNKNOWN,
          "there are no images and no localResources, so there is nothing to do",
          "add images: or localResources: (see the README)");
    }
    if (!problems.isEmpty()) return Optional.empty();
    return Optional.of(
        new ProjectConfig(
            file,
            values.root(),
            k8sYaml,
            contexts,
            registry,
            runtime,
            watch,
            images,
            resources,
            localResources,
            k8sKinds,
            maxParallelUpdates,
            keep,
            problems.notes(),
            YamlNode.locations(document)));
  }

  private static boolean hasEntries(MappingReader top, String key) {
    Optional<YamlNode> node = top.get(key);
    return node.isPresent() && !(node.get() instanceof YamlNode.Sequence s && s.items().isEmpty());
  }

  private Optional<String> registry(YamlNode node) {
    String example = "defaultRegistry: localhost:5000";
    Optional<String> text = values.text(node, "a registry (host[:port][/path])", example);
    if (text.isEmpty() || REGISTRY.matcher(text.get()).matches()) return text;
    int scheme = text.get().indexOf("://");
    if (scheme >= 0) {
      problems.add(
          node,
          "\"" + text.get() + "\" has a scheme",
          "write it without one, e.g. defaultRegistry: " + text.get().substring(scheme + 3));
    } else {
      problems.add(
          node,
          "invalid registry \"" + text.get() + "\"",
          "write host[:port][/path] with a lower-case path, e.g. " + example);
    }
    return Optional.empty();
  }

  private WatchSettings watch(YamlNode node) {
    Optional<MappingReader> mapping =
        values.mapping(node, List.of("ignore", "debounce", "maxWait"), "watch: {debounce: 100ms}");
    if (mapping.isEmpty()) return WatchSettings.DEFAULTS;
    MappingReader watch = mapping.get();
    List<String> ignore =
        watch.ignorePatterns("ignore", "ignore: [\"**/*.log\"]").orElse(List.of());
    Duration debounce =
        watch.duration("debounce", false, "debounce: 100ms").orElse(WatchSettings.DEFAULT_DEBOUNCE);
    Duration maxWait =
        watch.duration("maxWait", true, "maxWait: 10s").orElse(WatchSettings.DEFAULT_MAX_WAIT);
    if (maxWait.compareTo(debounce) < 0) {
      YamlNode at = watch.get(watch.has("maxWait") ? "maxWait" : "debounce").orElseThrow();
      problems.add(
          at,
          "maxWait (" + show(maxWait) + ") is shorter than debounce (" + show(debounce) + ")",
          "make maxWait at least as long as debounce; it caps how long a batch of changes waits");
    }
    return new WatchSettings(ignore, debounce, maxWait);
  }

  private Map<String, ResourceOptions> resources(YamlNode node) {
    Map<String, ResourceOptions> resources = new LinkedHashMap<>();
    if (!(node instanceof Mapping mapping)) {
      values.wrongType(
          node,
          "a mapping of resource names to options",
          "resources: {web: {portForwards: [8000:80]}}");
      return resources;
    }
    for (Entry entry : mapping.entries()) {
      String name = entry.key();
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            entry.keyLocation(),
            "resource names are lower-case, \"" + name + "\" is not",
            "write " + name.toLowerCase(Locale.ROOT));
      }
      if (entry.value() instanceof Scalar s && s.isNull()) continue;
      Optional<MappingReader> options =
          values.mapping(entry.value(), RESOURCE_KEYS, name + ": {triggerMode: manual}");
      if (options.isPresent()) resources.put(name, resourceOptions(options.get()));
    }
    return resources;
  }

  private ResourceOptions resourceOptions(MappingReader options) {
    List<String> ports = new ArrayList<>();
    for (Scalar item :
        options
            .scalars("portForwards", "port forward", false, "portForwards: [\"8000:80\"]")
            .orElse(List.of())) {
      Optional<String> port = portForward(item);
      if (port.isPresent()) ports.add(port.get());
    }
    ResourceOptions.TriggerMode triggerMode = ResourceOptions.TriggerMode.AUTO;
    Optional<String> mode =
        options.choice("triggerMode", List.of("auto", "manual"), "a trigger mode");
    if (mode.isPresent())
      triggerMode = ResourceOptions.TriggerMode.valueOf(mode.get().toUpperCase(Locale.ROOT));
    List<String> resourceDeps =
        options
            .strings("resourceDeps", "resource name", false, "resourceDeps: [db]")
            .orElse(List.of());
    List<String> labels =
        options.strings("labels", "label", false, "labels: [web]").orElse(List.of());
    boolean autoInit = options.bool("autoInit", "autoInit: false").orElse(true);
    List<String> links =
        options.links("links", "links: [\"http://localhost:8000/\"]").orElse(List.of());
    return new ResourceOptions(
        ports, triggerMode, resourceDeps, labels, autoInit, links, options.mapping().location());
  }

  /**
   * {@code 8000}, {@code 8000:80} or {@code 127.0.0.1:8000:80}; a number is the local and container
   * port.
   */
  private Optional<String> portForward(Scalar item) {
    String[] parts = item.text().split(":", -1);
    boolean ok = parts.length <= 3;
    for (int i = parts.length == 3 ? 1 : 0; ok && i < parts.length; i++) ok = isPort(parts[i]);
    if (ok && parts.length == 3) ok = !parts[0].isBlank() && !parts[0].contains(" ");
    if (ok) return Optional.of(item.text());
    problems.add(
        item,
        "invalid port forward \"" + item.text() + "\"",
        "write LOCAL:CONTAINER, e.g. \"8000:80\", or HOST:LOCAL:CONTAINER, e.g. \"127.0.0.1:8000:80\" "
            + "(ports 1 to 65535)");
    return Optional.empty();
  }

  private static boolean isPort(String text) {
    if (text.isEmpty() || text.length() > 5) return false;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535;
  }

  private List<K8sKind> k8sKinds(YamlNode node) {
    List<K8sKind> kinds = new ArrayList<>();
    String example =
        "k8sKinds: [{kind: Rollout, apiVersion: argoproj.io/v1alpha1, imageJsonPath: "
            + "[\"{.spec.template.spec.containers[*].image}\"]}]";
    if (!(node instanceof YamlNode.Sequence sequence)) {
      values.wrongType(node, "a list of kinds", example);
      return kinds;
    }
    for (YamlNode item : sequence.items()) {
      Optional<MappingReader> mapping = values.mapping(item, K8S_KIND_KEYS, "- {kind: Rollout}");
      if (mapping.isEmpty()) continue;
      MappingReader kind = mapping.get();
      Optional<YamlNode> nameNode = kind.require("kind", "add the kind's name, e.g. kind: Rollout");
      Optional<String> name =
          nameNode.isEmpty()
              ? Optional.empty()
              : values.text(nameNode.get(), "a kind name", "kind: Rollout");
      Optional<String> apiVersion =
          kind.text("apiVersion", "an apiVersion", "apiVersion: argoproj.io/v1alpha1");
      List<String> paths =
          kind.strings("imageJsonPath", "JSON path", false, "imageJsonPath: [\"{.spec.image}\"]")
              .orElse(List.of());
      // An empty apiVersion matches the kind in any API group and version.
      if (name.isPresent())
        kinds.add(new K8sKind(name.get(), apiVersion.orElse(""), paths, kind.mapping().location()));
    }
    return kinds;
  }

  private static String show(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
