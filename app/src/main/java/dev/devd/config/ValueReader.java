package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import dev.devd.ignore.DockerIgnore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns YAML nodes into the Java values devd.yaml's keys need, reporting a node of the wrong type
 * as {@code expected ..., got ...; write e.g. ...}. Each method returns empty (or skips the item)
 * when it reported a problem, so reading goes on and every problem is found in one pass.
 */
final class ValueReader {
  private final Problems problems;
  private final Path root;

  /**
   * @param root the folder of devd.yaml; relative paths are resolved against it
   */
  ValueReader(Problems problems, Path root) {
    this.problems = problems;
    this.root = root;
  }

  Problems problems() {
    return problems;
  }

  Path root() {
    return root;
  }

  void wrongType(YamlNode node, String expected, String example) {
    problems.add(
        node, "expected " + expected + ", got " + node.describe(), "write e.g. " + example);
  }

  /** A mapping whose keys are checked against {@code knownKeys}. */
  Optional<MappingReader> mapping(YamlNode node, Collection<String> knownKeys, String example) {
    if (node instanceof Mapping mapping)
      return Optional.of(new MappingReader(mapping, knownKeys, this));
    wrongType(node, "a mapping", example);
    return Optional.empty();
  }

  /** A scalar's text: numbers and booleans count as text ({@code tag: 1} is the tag "1"). */
  Optional<String> text(YamlNode node, String expected, String example) {
    if (node instanceof Scalar scalar && !scalar.isNull()) return Optional.of(scalar.text());
    wrongType(node, expected, example);
    return Optional.empty();
  }

  Optional<Boolean> bool(YamlNode node, String example) {
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.BOOLEAN) {
      return Optional.of(Boolean.parseBoolean(scalar.text()));
    }
    wrongType(node, "true or false", example);
    return Optional.empty();
  }

  Optional<Integer> integer(YamlNode node, int min, String example) {
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.INTEGER) {
      try {
        int value = Integer.parseInt(scalar.text());
        if (value >= min) return Optional.of(value);
      } catch (NumberFormatException tooBig) {
        // reported below, as any other number out of range
      }
      problems.add(
          node,
          scalar.text() + " is out of range",
          "write a whole number of at least " + min + ", e.g. " + example);
      return Optional.empty();
    }
    wrongType(node, "a whole number", example);
    return Optional.empty();
  }

  /**
   * A list of scalars, such as paths or names; items of the wrong type are reported and left out.
   *
   * @param noun one item, such as {@code path}: messages say "a list of paths", "a path"
   * @param singleAllowed whether one value may stand for a list of one, as Tilt allows for deps
   */
  Optional<List<Scalar>> scalars(
      YamlNode node, String noun, boolean singleAllowed, String example) {
    // Only a string stands for a list of one: "deps: 5" is far more likely a mistake than a folder
    // named 5.
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING && singleAllowed) {
      return Optional.of(List.of(scalar));
    }
    if (!(node instanceof Sequence sequence)) {
      wrongType(node, "a list of " + noun + "s", example);
      return Optional.empty();
    }
    List<Scalar> items = new ArrayList<>();
    for (YamlNode item : sequence.items()) {
      if (item instanceof Scalar scalar && !scalar.isNull()) {
        items.add(scalar);
      } else {
        wrongType(item, article(noun) + " " + noun, example);
      }
    }
    return Optional.of(items);
  }

  Optional<List<String>> strings(
      YamlNode node, String noun, boolean singleAllowed, String example) {
    Optional<List<Scalar>> items = scalars(node, noun, singleAllowed, example);
    if (items.isEmpty()) return Optional.empty();
    List<String> texts = new ArrayList<>();
    for (Scalar item : items.get()) texts.add(item.text());
    return Optional.of(texts);
  }

  /**
   * URLs to show with a resource: http or https, with a host; each other item is a problem of its
   * own.
   */
  Optional<List<String>> links(YamlNode node, String example) {
    Optional<List<Scalar>> items = scalars(node, "link", true, example);
    if (items.isEmpty()) return Optional.empty();
    List<String> links = new ArrayList<>();
    for (Scalar item : items.get()) {
      if (isWebUrl(item.text())) {
        links.add(item.text());
      } else {
        // "localhost:8000" parses as a URL of the scheme "localhost": offer the http:// form for
        // what looks like a host.
        boolean hostLike = item.text().contains(":") || item.text().contains(".");
        String fix =
            item.text().contains("://") || !hostLike || !isWebUrl("http://" + item.text())
                ? "write an address that starts with http:// or https://, e.g. http://localhost:8000/"
                : "write it in full, e.g. http://" + item.text();
        problems.add(item, "\"" + item.text() + "\" is not an http or https URL", fix);
      }
    }
    return Optional.of(links);
  }

  private static boolean isWebUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * .dockerignore patterns: each one Docker would reject (at load or at first use) is a problem of
   * its own.
   */
  Optional<List<String>> ignorePatterns(YamlNode node, String example) {
    Optional<List<Scalar>> items = scalars(node, "pattern", true, example);
    if (items.isEmpty()) return Optional.empty();
    List<String> patterns = new ArrayList<>();
    for (Scalar item : items.get()) {
      Optional<String> problem = DockerIgnore.problemWith(item.text());
      if (problem.isPresent()) {
        problems.add(item, problem.get(), ""); // the text already says what to do
      } else {
        patterns.add(item.text());
      }
    }
    return Optional.of(patterns);
  }

  /**
   * A duration such as {@code 100ms}; {@code positive} rejects {@code 0} (a timeout of 0 would stop
   * every build).
   */
  Optional<Duration> duration(YamlNode node, boolean positive, String example) {
    if (!(node instanceof Scalar scalar) || scalar.isNull()) {
      wrongType(node, "a duration", example);
      return Optional.empty();
    }
    try {
      Duration duration = DurationParser.parse(scalar.text());
      if (positive && duration.isZero()) {
        problems.add(node, "the duration is 0", "write a duration longer than 0, e.g. " + example);
        return Optional.empty();
      }
      return Optional.of(duration);
    } catch (IllegalArgumentException e) {
      problems.add(node, e.getMessage(), "write a number with a unit, e.g. 100ms, 10s, 2m");
      return Optional.empty();
    }
  }

  /**
   * A command: a string is a shell script, a list an argv.
   *
   * @param purpose what the command must do, for the message about an empty one ("builds
   *     $EXPECTED_REF")
   */
  Optional<Cmd> command(YamlNode node, String purpose, String example) {
    if (node instanceof Scalar scalar && scalar.kind() == Scalar.Kind.STRING) {
      if (scalar.text().isBlank()) return emptyCommand(node, purpose);
      return Optional.of(Cmd.shell(scalar.text()));
    }
    if (node instanceof Sequence sequence) {
      Optional<List<String>> argv = strings(sequence, "argument", false, example);
      if (argv.isEmpty()) return Optional.empty();
      if (argv.get().size() < sequence.items().size())
        return Optional.empty(); // an item was reported
      if (argv.get().isEmpty() || argv.get().getFirst().isBlank())
        return emptyCommand(node, purpose);
      return Optional.of(Cmd.argv(argv.get()));
    }
    wrongType(node, "a command (a string, or a list of arguments)", example);
    return Optional.empty();
  }

  private Optional<Cmd> emptyCommand(YamlNode node, String purpose) {
    problems.add(node, "the command is empty", "write the command that " + purpose);
    return Optional.empty();
  }

  /** Environment variables; scalar values become strings ({@code PORT: 8080} is "8080"). */
  Optional<Map<String, String>> env(YamlNode node, String example) {
    if (!(node instanceof Mapping mapping)) {
      wrongType(node, "a mapping of variable names to values", example);
      return Optional.empty();
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Entry entry : mapping.entries()) {
      if (entry.key().isEmpty() || entry.key().contains("=")) {
        problems.add(
            entry.keyLocation(),
            "invalid variable name \"" + entry.key() + "\"",
            "write a name without \"=\", e.g. " + example);
      } else if (entry.value() instanceof Scalar scalar && scalar.isNull()) {
        problems.add(
            entry.keyLocation(),
            "variable " + entry.key() + " has no value",
            "write " + entry.key() + ": \"\" for an empty value");
      } else if (entry.value() instanceof Scalar scalar) {
        env.put(entry.key(), scalar.text());
      } else {
        wrongType(entry.value(), "a value (a string, number or boolean)", example);
      }
    }
    return Optional.of(env);
  }

  /**
   * One of a few words, such as {@code auto} for {@code triggerMode}; the result is the word as
   * listed.
   *
   * @param allowed the words in the order they are offered to the user
   */
  Optional<String> choice(YamlNode node, List<String> allowed, String thing) {
    String offer = "write " + orList(allowed);
    if (!(node instanceof Scalar scalar) || scalar.isNull()) {
      problems.add(node, "expected " + thing + ", got " + node.describe(), offer);
      return Optional.empty();
    }
    if (allowed.contains(scalar.text())) return Optional.of(scalar.text());
    Optional<String> close = KeySuggester.closest(scalar.text(), allowed);
    String hint = close.isPresent() ? "did you mean \"" + close.get() + "\"? " : "";
    problems.add(node, "\"" + scalar.text() + "\" is not " + thing, hint + offer);
    return Optional.empty();
  }

  /**
   * A path resolved against {@code base} and normalized.
   *
   * @param mustExist whether a missing file or folder is a problem ("does not exist in ...")
   */
  Optional<Path> path(Scalar node, Path base, boolean mustExist) {
    Path path;
    try {
      path = base.resolve(node.text()).normalize();
    } catch (InvalidPathException e) {
      problems.add(
          node,
          "\"" + node.text() + "\" is not a valid path (" + e.getReason() + ")",
          "fix the path");
      return Optional.empty();
    }
    if (mustExist && !Files.exists(path)) {
      problems.add(
          node, "\"" + node.text() + "\" does not exist in " + base, "create it or fix the path");
      return Optional.empty();
    }
    return Optional.of(path);
  }

  /** Paths from a list (or one path), resolved against {@code base}; see {@link #path}. */
  Optional<List<Path>> paths(
      YamlNode node, Path base, boolean singleAllowed, boolean mustExist, String example) {
    Optional<List<Scalar>> items = scalars(node, "path", singleAllowed, example);
    if (items.isEmpty()) return Optional.empty();
    List<Path> paths = new ArrayList<>();
    for (Scalar item : items.get()) path(item, base, mustExist).ifPresent(paths::add);
    return Optional.of(paths);
  }

  /**
   * A dep: a path resolved against the root that need not exist yet, since a command may make it
   * later (a build's output folder); devd then watches for it to appear, and a note says so. One
   * that exists must be a place devd can watch (see {@link DepChecker}).
   */
  Optional<Path> dep(Scalar node) {
    Optional<Path> path = path(node, root, false);
    if (path.isPresent() && !Files.exists(path.get())) {
      problems.note(
          node, "\"" + node.text() + "\" does not exist yet", "devd watches for it to appear");
      return path;
    }
    return path.isPresent() && DepChecker.check(path.get(), node, problems)
        ? path
        : Optional.empty();
  }

  /** Deps from a list (or one path); see {@link #dep}. */
  Optional<List<Path>> deps(YamlNode node, String example) {
    Optional<List<Scalar>> items = scalars(node, "path", true, example);
    if (items.isEmpty()) return Optional.empty();
    List<Path> paths = new ArrayList<>();
    for (Scalar item : items.get()) dep(item).ifPresent(paths::add);
    return Optional.of(paths);
  }

  /** A folder that must exist, such as an image's {@code dir}. */
  Optional<Path> folder(YamlNode node, String example) {
    Optional<String> text = text(node, "a folder", example);
    if (text.isEmpty()) return Optional.empty();
    Optional<Path> path = path((Scalar) node, root, true);
    if (path.isPresent() && !Files.isDirectory(path.get())) {
      problems.add(
          node,
          "\"" + text.get() + "\" is a file, not a folder",
          "write the folder the command runs in");
      return Optional.empty();
    }
    return path;
  }

  static String article(String noun) {
    return Set.of('a', 'e', 'i', 'o', 'u').contains(noun.toLowerCase(Locale.ROOT).charAt(0))
        ? "an"
        : "a";
  }

  /** {@code "a", "b" and "c"}. */
  static String andList(List<String> words) {
    if (words.size() == 1) return words.getFirst();
    return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.getLast();
  }

  /** {@code auto, kubernetes or podman}. */
  static String orList(List<String> words) {
    if (words.size() == 1) return words.getFirst();
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
  }
}
