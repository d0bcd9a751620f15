package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of devd.yaml with the keys it may hold: unknown keys are reported (with "did you mean") as soon as it
 * is made, and a key whose value is empty ({@code serveCmd: null}, {@code serveCmd:}) counts as not set.
 */
final class MappingReader {
  private final Mapping mapping;
  private final Problems problems;

  MappingReader(Mapping mapping, Collection<String> knownKeys, Problems problems) {
    this.mapping = mapping;
    this.problems = problems;
    Set<String> known = new TreeSet<>(knownKeys);
    for (Entry entry : mapping.entries()) {
      if (known.contains(entry.key())) continue;
      String what = "unknown key \"" + entry.key() + "\"";
      String fix = KeySuggester.closest(entry.key(), known)
          .map(close -> "did you mean \"" + close + "\"?")
          .orElse("known keys: " + String.join(", ", known));
      problems.add(entry.keyLocation(), what, fix);
    }
  }

  Mapping mapping() {
    return mapping;
  }

  /** The value of {@code key}, unless it is missing or empty. */
  Optional<YamlNode> get(String key) {
    return mapping.entry(key).map(Entry::value).filter(v -> !(v instanceof Scalar s && s.isNull()));
  }

  boolean has(String key) {
    return get(key).isPresent();
  }

  /** Where {@code key} is written, whatever its value. */
  Optional<Entry> entry(String key) {
    return mapping.entry(key);
  }

  /**
   * The value of a key that must be set; reports {@code missing "key"} at the start of the mapping, or an empty value
   * at the key.
   *
   * @param fix what to add, such as {@code add the image name, e.g. ref: my-app}
   */
  Optional<YamlNode> require(String key, String fix) {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      Optional<Entry> entry = mapping.entry(key);
      if (entry.isPresent()) {
        problems.add(entry.get().keyLocation(), "\"" + key + "\" has no value", fix);
      } else {
        problems.add(mapping, "missing \"" + key + "\"", fix);
      }
    }
    return value;
  }
}
