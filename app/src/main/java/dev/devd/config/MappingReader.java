package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of devd.yaml with the keys it may hold: unknown keys are reported (with "did you
 * mean") as soon as it is made, and a key whose value is empty ({@code serveCmd: null}, {@code
 * serveCmd:}) counts as not set. The typed getters read a key through {@link ValueReader}: empty
 * when the key is not set or its value was reported.
 */
final class MappingReader {
  // The getters are plain methods rather than get(key).flatMap(lambda) at every call site: each
  // lambda is a class
  // the JVM spins up on first use, about half a millisecond each at start-up, and devd reads config
  // before it watches.
  private final Mapping mapping;
  private final ValueReader values;

  MappingReader(Mapping mapping, Collection<String> knownKeys, ValueReader values) {
    this.mapping = mapping;
    this.values = values;
    Set<String> known = new TreeSet<>(knownKeys);
    for (Entry entry : mapping.entries()) {
      if (known.contains(entry.key())) continue;
      String what = "unknown key \"" + entry.key() + "\"";
      Optional<String> close = KeySuggester.closest(entry.key(), known);
      String fix =
          close.isPresent()
              ? "did you mean \"" + close.get() + "\"?"
              : "known keys: " + String.join(", ", known);
      values.problems().add(entry.keyLocation(), what, fix);
    }
  }

  Mapping mapping() {
    return mapping;
  }

  /** The value of {@code key}, unless it is missing or empty. */
  Optional<YamlNode> get(String key) {
    Optional<Entry> entry = mapping.entry(key);
    if (entry.isEmpty() || (entry.get().value() instanceof Scalar s && s.isNull()))
      return Optional.empty();
    return Optional.of(entry.get().value());
  }

  boolean has(String key) {
    return get(key).isPresent();
  }

  /** Where {@code key} is written, whatever its value. */
  Optional<Entry> entry(String key) {
    return mapping.entry(key);
  }

  /**
   * The value of a key that must be set; reports {@code missing "key"} at the start of the mapping,
   * or an empty value at the key.
   *
   * @param fix what to add, such as {@code add the image name, e.g. ref: my-app}
   */
  Optional<YamlNode> require(String key, String fix) {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      Optional<Entry> entry = mapping.entry(key);
      if (entry.isPresent()) {
        values.problems().add(entry.get().keyLocation(), "\"" + key + "\" has no value", fix);
      } else {
        values.problems().add(mapping, "missing \"" + key + "\"", fix);
      }
    }
    return value;
  }

  Optional<String> text(String key, String expected, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.text(node.get(), expected, example);
  }

  Optional<Boolean> bool(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.bool(node.get(), example);
  }

  Optional<Integer> integer(String key, int min, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.integer(node.get(), min, example);
  }

  Optional<List<Scalar>> scalars(String key, String noun, boolean singleAllowed, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty()
        ? Optional.empty()
        : values.scalars(node.get(), noun, singleAllowed, example);
  }

  Optional<List<String>> strings(String key, String noun, boolean singleAllowed, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty()
        ? Optional.empty()
        : values.strings(node.get(), noun, singleAllowed, example);
  }

  Optional<List<String>> links(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.links(node.get(), example);
  }

  Optional<List<String>> ignorePatterns(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.ignorePatterns(node.get(), example);
  }

  Optional<Duration> duration(String key, boolean positive, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.duration(node.get(), positive, example);
  }

  Optional<Cmd> command(String key, String purpose, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.command(node.get(), purpose, example);
  }

  Optional<Map<String, String>> env(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.env(node.get(), example);
  }

  Optional<String> choice(String key, List<String> allowed, String thing) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.choice(node.get(), allowed, thing);
  }

  Optional<Path> folder(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.folder(node.get(), example);
  }

  Optional<List<Path>> deps(String key, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty() ? Optional.empty() : values.deps(node.get(), example);
  }

  Optional<List<Path>> paths(String key, boolean singleAllowed, boolean mustExist, String example) {
    Optional<YamlNode> node = get(key);
    return node.isEmpty()
        ? Optional.empty()
        : values.paths(node.get(), values.root(), singleAllowed, mustExist, example);
  }
}
