package dev.devd.render;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map of a frozen object tree: unmodifiable, in key order, and holding only frozen values.
 * Because a frozen map can only be made from values that are frozen too, {@link K8sObject#freeze}
 * can reuse one as it is, so an edited tree shares every subtree that was not edited
 * (copy-on-write).
 */
final class FrozenMap extends AbstractMap<String, Object> {
  private final Map<String, Object> entries;

  private FrozenMap(Map<String, Object> entries) {
    this.entries = entries;
  }

  /**
   * Takes {@code entries} without copying. Only for callers that built the map, froze every value
   * in it and keep no reference to it.
   */
  static FrozenMap adopt(LinkedHashMap<String, Object> entries) {
    return new FrozenMap(entries);
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableMap(entries).entrySet();
  }
}
