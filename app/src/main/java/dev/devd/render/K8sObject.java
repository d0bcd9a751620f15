package dev.devd.render;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object as read from the project's YAML or as devd rendered it: its identity and
 * its body as a deeply unmodifiable JSON-like tree (maps keep their key order; values are maps,
 * lists, strings, numbers, booleans or null).
 *
 * @param source the file it was read from, for messages
 * @param line the line of {@code source} the object starts on, for messages; 0 when unknown
 */
public record K8sObject(
    String apiVersion,
    String kind,
    String name,
    Optional<String> namespace,
    Map<String, Object> body,
    Path source,
    int line) {

  public K8sObject {
    body = freeze(body);
  }

  /** An object whose line is not known. */
  public K8sObject(
      String apiVersion,
      String kind,
      String name,
      Optional<String> namespace,
      Map<String, Object> body,
      Path source) {
    this(apiVersion, kind, name, namespace, body, source, 0);
  }

  /** {@code name:kind} or {@code name:kind:namespace}, lower-case, as resource names use them. */
  public String key() {
    return (name + ":" + kind + namespace.map(ns -> ":" + ns).orElse("")).toLowerCase(Locale.ROOT);
  }

  /**
   * The API group of {@code apiVersion}: {@code apps} for {@code apps/v1}, empty for the core group
   * ({@code v1}).
   */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /**
   * The same object with another body; its identity (apiVersion, kind, name, namespace) and source
   * stay.
   */
  public K8sObject withBody(Map<String, Object> newBody) {
    return new K8sObject(apiVersion, kind, name, namespace, newBody, source, line);
  }

  /**
   * A deep copy whose maps and lists are unmodifiable. Subtrees that are already frozen are shared,
   * not copied, so freezing an edited copy of a frozen tree costs only the maps and lists along the
   * edited paths.
   */
  public static Map<String, Object> freeze(Map<String, Object> tree) {
    if (tree instanceof FrozenMap frozen) return frozen;
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, tree.size() * 4 / 3 + 1));
    tree.forEach((key, value) -> copy.put(key, freezeValue(value)));
    return FrozenMap.adopt(copy);
  }

  @SuppressWarnings("unchecked")
  static Object freezeValue(Object value) {
    if (value instanceof Map<?, ?> map) return freeze((Map<String, Object>) map);
    if (value instanceof FrozenList) return value;
    if (value instanceof List<?> list) {
      Object[] copy = new Object[list.size()];
      int i = 0;
      for (Object item : list) copy[i++] = freezeValue(item);
      return FrozenList.adopt(copy);
    }
    return value;
  }
}
