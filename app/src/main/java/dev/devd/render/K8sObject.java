package dev.devd.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Kubernetes object as read from the project's YAML or as devd rendered it: its identity and its body as a
 * deeply unmodifiable JSON-like tree (maps keep their key order; values are maps, lists, strings, numbers, booleans
 * or null).
 *
 * @param source the file it was read from, for messages
 */
public record K8sObject(String apiVersion, String kind, String name, Optional<String> namespace, Map<String, Object> body,
    Path source) {

  public K8sObject {
    body = freeze(body);
  }

  /** {@code name:kind} or {@code name:kind:namespace}, lower-case, as resource names use them. */
  public String key() {
    return (name + ":" + kind + namespace.map(ns -> ":" + ns).orElse("")).toLowerCase(java.util.Locale.ROOT);
  }

  /** A deep copy whose maps and lists are unmodifiable. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> freeze(Map<String, Object> tree) {
    Map<String, Object> copy = new LinkedHashMap<>();
    tree.forEach((key, value) -> copy.put(key, freezeValue(value)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object freezeValue(Object value) {
    if (value instanceof Map<?, ?> map) return freeze((Map<String, Object>) map);
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) copy.add(freezeValue(item));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
