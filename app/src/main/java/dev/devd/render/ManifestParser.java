package dev.devd.render;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ProjectConfig;
import dev.devd.config.SourceLocation;
import dev.devd.config.YamlSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the project's Kubernetes YAML ({@code k8sYaml:} files, folders and globs, relative to the
 * project folder, and the text its other sources printed) into {@link K8sObject}s, once per config
 * load. Multi-document files are split at {@code ---}, empty documents skipped, {@code List} kinds
 * expanded into their items. Every problem in every file is reported at once, each as a {@link
 * ConfigProblem} (file:line, what, what to do).
 */
public final class ManifestParser {

  /** The objects of {@code config.k8sYaml()}, which must name files and globs only. */
  public ParsedManifests parse(ProjectConfig config) throws ManifestException {
    return parse(config, List.of());
  }

  /**
   * The objects of {@code config.k8sYaml()} in the order its entries are written: files read here,
   * every other source from what it printed. An entry that names no file points at its line in
   * devd.yaml.
   *
   * @param rendered the output of each source that is not a file or glob
   */
  public ParsedManifests parse(ProjectConfig config, List<RenderedYaml> rendered)
      throws ManifestException {
    Map<Integer, RenderedYaml> byIndex = new HashMap<>();
    for (RenderedYaml output : rendered) byIndex.put(output.source().index(), output);
    Reading reading = new Reading(config.root(), config.shownName());
    for (YamlSource source : config.k8sYaml()) {
      if (source instanceof YamlSource.Files files) {
        reading.files(List.of(new ManifestFileFinder.Entry(files.pattern(), files.location())));
        continue;
      }
      RenderedYaml output = byIndex.get(source.index());
      if (output == null)
        throw new IllegalArgumentException(source.yamlPath() + " was not rendered");
      reading.rendered(output);
    }
    return reading.result();
  }

  /** The objects of the files that {@code k8sYaml} names, relative to {@code root}. */
  public ParsedManifests parse(Path root, List<String> k8sYaml) throws ManifestException {
    List<ManifestFileFinder.Entry> entries = new ArrayList<>();
    for (int i = 0; i < k8sYaml.size(); i++) {
      entries.add(
          new ManifestFileFinder.Entry(
              k8sYaml.get(i), new SourceLocation(0, 0, "k8sYaml[" + i + "]")));
    }
    Reading reading = new Reading(root, "devd.yaml");
    reading.files(entries);
    return reading.result();
  }

  /**
   * One parse: the files read so far (each once), the objects, and where each object was first
   * defined.
   */
  private static final class Reading {
    private final Path base;
    private final String configName;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<Path> files = new LinkedHashSet<>();
    private final List<Path> inputs = new ArrayList<>();
    private final List<K8sObject> objects = new ArrayList<>();
    private final Map<String, String> firstPlaces = new HashMap<>();

    Reading(Path root, String configName) {
      this.base = root.toAbsolutePath().normalize();
      this.configName = configName;
    }

    void files(List<ManifestFileFinder.Entry> entries) {
      for (Path file : ManifestFileFinder.find(base, entries, configName, problems)) {
        if (!files.add(file)) continue;
        String shown = ParsedManifests.shown(base, file);
        Optional<String> text = read(file, shown, problems);
        if (text.isPresent()) add(shown, documents(file, shown, text.get()));
      }
    }

    void rendered(RenderedYaml output) {
      inputs.addAll(output.inputs());
      List<K8sObject> read = documents(output.origin(), output.shown(), output.text());
      if (output.source() instanceof YamlSource.Helm helm)
        read = HelmRelease.adjust(read, helm.namespace());
      add(output.shown(), read);
    }

    private List<K8sObject> documents(Path origin, String shown, String text) {
      List<K8sObject> read = new ArrayList<>();
      for (ManifestYamlReader.Document document :
          new ManifestYamlReader(shown, problems).read(text)) {
        read.addAll(new DocumentReader(origin, shown, document, problems).objects());
      }
      return read;
    }

    private void add(String shown, List<K8sObject> read) {
      for (K8sObject object : read) {
        String place = shown + ":" + object.line();
        String first = firstPlaces.putIfAbsent(identity(object), place);
        if (first != null) {
          problems.add(
              ConfigProblem.at(
                  shown,
                  object.line(),
                  object.key()
                      + " is defined twice (first at "
                      + first
                      + "); Kubernetes keeps one object per kind, namespace and name",
                  "remove one of them"));
        } else {
          objects.add(object);
        }
      }
    }

    ParsedManifests result() throws ManifestException {
      if (!problems.isEmpty()) throw new ManifestException(problems);
      return new ParsedManifests(base, List.copyOf(files), objects, inputs);
    }
  }

  // Objects are the same when Kubernetes would store them in the same place: no namespace means
  // "default".
  private static String identity(K8sObject object) {
    return String.join(
        "\n",
        object.name(),
        object.kind().toLowerCase(Locale.ROOT),
        object.namespace().orElse("default"),
        object.group());
  }

  private static Optional<String> read(Path file, String shown, List<ConfigProblem> problems) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
      // Editors on Windows may start UTF-8 files with a byte order mark; it is no part of the YAML.
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      problems.add(ConfigProblem.at(shown, 0, "the file is not UTF-8 text", "save it as UTF-8"));
    } catch (IOException e) {
      problems.add(
          ConfigProblem.at(
              shown,
              0,
              "cannot be read (" + e.getMessage() + ")",
              "check that it is a readable file"));
    }
    return Optional.empty();
  }

  /** Turns one document into objects, checking what every object needs. */
  private static final class DocumentReader {
    private final Path file;
    private final String shown;
    private final ManifestYamlReader.Document document;
    private final List<ConfigProblem> problems;

    DocumentReader(
        Path file,
        String shown,
        ManifestYamlReader.Document document,
        List<ConfigProblem> problems) {
      this.file = file;
      this.shown = shown;
      this.document = document;
      this.problems = problems;
    }

    @SuppressWarnings("unchecked")
    List<K8sObject> objects() {
      Object value = document.value();
      if (value == null) return List.of();
      if (!(value instanceof Map<?, ?> map)) {
        problems.add(
            ConfigProblem.at(
                shown,
                document.line(),
                "the document is " + describe(value) + ", not a Kubernetes object",
                "write one object (apiVersion, kind, metadata) per document, with --- "
                    + "between them"));
        return List.of();
      }
      Map<String, Object> body = (Map<String, Object>) map;
      if (isList(body)) return items((List<Object>) body.get("items"));
      return object(body, document.line()).map(List::of).orElse(List.of());
    }

    /** {@code kind: List} and typed lists such as {@code DeploymentList}, as kubectl reads them. */
    private static boolean isList(Map<String, Object> body) {
      return body.get("kind") instanceof String kind
          && kind.endsWith("List")
          && body.get("items") instanceof List<?>;
    }

    @SuppressWarnings("unchecked")
    private List<K8sObject> items(List<Object> items) {
      List<K8sObject> objects = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        int line = i < document.itemLines().size() ? document.itemLines().get(i) : document.line();
        Object item = items.get(i);
        if (item == null) continue;
        if (!(item instanceof Map<?, ?> map)) {
          problems.add(
              ConfigProblem.at(
                  shown,
                  line,
                  "items[" + i + "] of the List is " + describe(item) + ", not a Kubernetes object",
                  "write each item as an object with apiVersion, kind and metadata"));
          continue;
        }
        object((Map<String, Object>) map, line).ifPresent(objects::add);
      }
      return objects;
    }

    private Optional<K8sObject> object(Map<String, Object> body, int line) {
      int before = problems.size();
      Optional<String> apiVersion =
          text(
              body.get("apiVersion"),
              line,
              "apiVersion",
              "the object has no apiVersion",
              "add one, e.g. apiVersion: apps/v1");
      Optional<String> kind =
          text(
              body.get("kind"),
              line,
              "kind",
              "the object has no kind",
              "add one, e.g. kind: Deployment");
      Object metadata = body.get("metadata");
      Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
      Object namespace = metadata instanceof Map<?, ?> meta ? meta.get("namespace") : null;
      if (metadata != null && !(metadata instanceof Map<?, ?>)) {
        problems.add(
            ConfigProblem.at(
                shown,
                line,
                "metadata is " + describe(metadata) + ", not a mapping",
                "write metadata: {name: ...}"));
      }
      Optional<String> objectName =
          metadata == null || metadata instanceof Map<?, ?>
              ? text(
                  name,
                  line,
                  "metadata.name",
                  "the object has no metadata.name",
                  "every object needs a name")
              : Optional.empty();
      // kubectl reads an empty namespace as none.
      Optional<String> objectNamespace =
          namespace == null || "".equals(namespace)
              ? Optional.empty()
              : text(
                  namespace,
                  line,
                  "metadata.namespace",
                  "metadata.namespace is blank",
                  "remove it or name a namespace");
      if (problems.size() > before
          || apiVersion.isEmpty()
          || kind.isEmpty()
          || objectName.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new K8sObject(
              apiVersion.get(), kind.get(), objectName.get(), objectNamespace, body, file, line));
    }

    /**
     * A required string field: missing and empty get {@code missing} and {@code fix}, other types a
     * "not text" one.
     */
    private Optional<String> text(
        Object value, int line, String field, String missing, String fix) {
      if (value instanceof String text && !text.isBlank()) return Optional.of(text);
      if (value == null || value instanceof String) {
        problems.add(ConfigProblem.at(shown, line, missing, fix));
      } else {
        problems.add(
            ConfigProblem.at(
                shown, line, field + " is " + describe(value) + ", not text", "quote it"));
      }
      return Optional.empty();
    }
  }

  /**
   * How a value reads in a message: {@code a list}, {@code a number (5)}, {@code a string ("web")}.
   */
  static String describe(Object value) {
    if (value instanceof Map<?, ?>) return "a mapping";
    if (value instanceof List<?>) return "a list";
    if (value instanceof Number number) return "a number (" + number + ")";
    if (value instanceof Boolean bool) return "a boolean (" + bool + ")";
    if (value == null) return "empty";
    String text = String.valueOf(value).replace("\n", "\\n");
    return "a string (\"" + (text.length() <= 60 ? text : text.substring(0, 57) + "...") + "\")";
  }
}
