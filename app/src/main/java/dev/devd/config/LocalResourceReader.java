package dev.devd.config;

import dev.devd.config.YamlNode.Sequence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code localResources:}: commands run on the host, with no image (like Tilt's
 * local_resource).
 */
final class LocalResourceReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "cmd",
          "serveCmd",
          "deps",
          "ignore",
          "dir",
          "env",
          "timeout",
          "resourceDeps",
          "autoInit",
          "links");
  private static final Pattern NAME = Pattern.compile("[a-z0-9._-]+");

  private final ValueReader values;
  private final Problems problems;

  LocalResourceReader(ValueReader values) {
    this.values = values;
    this.problems = values.problems();
  }

  /**
   * @param imageRefs the refs of the images, by index: a local resource may not take an image's
   *     name
   */
  List<LocalResourceConfig> readAll(YamlNode node, Map<String, Integer> imageRefs) {
    List<LocalResourceConfig> resources = new ArrayList<>();
    if (!(node instanceof Sequence sequence)) {
      values.wrongType(
          node,
          "a list of local resources",
          "localResources: [{name: unit-tests, cmd: make test}]");
      return resources;
    }
    Map<String, Integer> indexByName = new HashMap<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      Optional<LocalResourceConfig> resource =
          read(sequence.items().get(i), i, imageRefs, indexByName);
      if (resource.isPresent()) resources.add(resource.get());
    }
    return resources;
  }

  private Optional<LocalResourceConfig> read(
      YamlNode node, int index, Map<String, Integer> imageRefs, Map<String, Integer> indexByName) {
    int before = problems.count();
    Optional<MappingReader> mapping =
        values.mapping(node, KEYS, "- {name: unit-tests, cmd: make test}");
    if (mapping.isEmpty()) return Optional.empty();
    MappingReader resource = mapping.get();
    Optional<String> name = Optional.empty();
    Optional<YamlNode> nameNode = resource.require("name", "add a name, e.g. name: unit-tests");
    if (nameNode.isPresent()) {
      name = values.text(nameNode.get(), "a name", "name: unit-tests");
      if (name.isPresent()
          && !checkName(nameNode.get(), name.get(), index, imageRefs, indexByName)) {
        name = Optional.empty();
      }
    }
    Optional<Cmd> cmd = resource.command("cmd", "runs when the deps change", "cmd: make test");
    Optional<Cmd> serveCmd =
        resource.command("serveCmd", "keeps running (a server)", "serveCmd: npm start");
    if (!resource.has("cmd") && !resource.has("serveCmd")) {
      problems.add(
          resource.mapping(),
          "missing \"cmd\" and \"serveCmd\"",
          "add cmd: (runs when deps change, e.g. cmd: make test) or serveCmd: (keeps running, e.g. serveCmd: npm start)");
    }
    List<Path> deps = resource.deps("deps", "deps: [src/]").orElse(List.of());
    List<String> ignore =
        resource.ignorePatterns("ignore", "ignore: [\"*.log\"]").orElse(List.of());
    Path dir = resource.folder("dir", "dir: .").orElse(values.root());
    Map<String, String> env = resource.env("env", "env: {CI: true}").orElse(Map.of());
    Optional<Duration> timeout = resource.duration("timeout", true, "timeout: 5m");
    List<String> resourceDeps =
        resource
            .strings("resourceDeps", "resource name", false, "resourceDeps: [db]")
            .orElse(List.of());
    boolean autoInit = resource.bool("autoInit", "autoInit: false").orElse(true);
    List<String> links =
        resource.links("links", "links: [\"http://localhost:8000/\"]").orElse(List.of());
    if (problems.count() > before || name.isEmpty()) return Optional.empty();
    return Optional.of(
        new LocalResourceConfig(
            name.get(),
            cmd,
            serveCmd,
            deps,
            ignore,
            dir,
            env,
            timeout,
            resourceDeps,
            autoInit,
            links,
            index,
            resource.mapping().location()));
  }

  private boolean checkName(
      YamlNode node,
      String name,
      int index,
      Map<String, Integer> imageRefs,
      Map<String, Integer> indexByName) {
    if (!NAME.matcher(name).matches()) {
      String suggestion = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
      problems.add(
          node,
          "invalid name \"" + name + "\"",
          "use lower-case letters, digits, -, . and _"
              + (NAME.matcher(suggestion).matches() ? ", e.g. name: " + suggestion : ""));
      return false;
    }
    Integer earlier = indexByName.putIfAbsent(name, index);
    if (earlier != null) {
      problems.add(
          node,
          "\"" + name + "\" is also the name of localResources[" + earlier + "]",
          "give each local resource its own name");
      return false;
    }
    Integer image = imageRefs.get(name);
    if (image != null) {
      problems.add(
          node,
          "\"" + name + "\" is also the ref of images[" + image + "]",
          "give the local resource another name");
      return false;
    }
    return true;
  }
}
