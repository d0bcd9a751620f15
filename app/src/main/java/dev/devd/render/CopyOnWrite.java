package dev.devd.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits of frozen object trees that copy only the maps and lists along the edited path and share
 * everything else; an edit that changes nothing returns the very same instance, so callers can tell
 * "unchanged" by identity.
 */
final class CopyOnWrite {
  private CopyOnWrite() {}

  /**
   * {@code map} with {@code key} set to {@code value}; a new key goes last, an existing one keeps
   * its place. Equal values are not looked for (that would compare whole subtrees); callers skip
   * edits that change nothing.
   */
  static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    if (map.get(key) == value && map.containsKey(key)) return map;
    return copyWith(map, key, value, false);
  }

  /**
   * {@code map} with a new {@code key} put first (where {@code metadata} goes); an existing key
   * keeps its place.
   */
  static Map<String, Object> withFirst(Map<String, Object> map, String key, Object value) {
    return map.containsKey(key) ? with(map, key, value) : copyWith(map, key, value, true);
  }

  private static Map<String, Object> copyWith(
      Map<String, Object> map, String key, Object value, boolean first) {
    LinkedHashMap<String, Object> copy =
        new LinkedHashMap<>(Math.max(4, (map.size() + 1) * 4 / 3 + 1));
    if (first) copy.put(key, K8sObject.freezeValue(value));
    // The values of a frozen map are frozen already; a map built by hand may hold anything.
    boolean frozen = map instanceof FrozenMap;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      copy.put(entry.getKey(), frozen ? entry.getValue() : K8sObject.freezeValue(entry.getValue()));
    }
    if (!first) copy.put(key, K8sObject.freezeValue(value));
    return FrozenMap.adopt(copy);
  }

  /**
   * {@code map} with the value at {@code key} replaced by {@code edit} of it (which may be given
   * null).
   */
  static Map<String, Object> update(
      Map<String, Object> map, String key, UnaryOperator<Object> edit) {
    Object old = map.get(key);
    Object edited = edit.apply(old);
    return edited == old ? map : with(map, key, edited);
  }

  /**
   * {@code map} with the map at {@code path} replaced by {@code edit} of it; unchanged when some
   * step of the path is missing or not a map (an object without a pod template has nothing to edit
   * there).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> updateIn(
      Map<String, Object> map, List<String> path, UnaryOperator<Map<String, Object>> edit) {
    if (path.isEmpty()) return edit.apply(map);
    return update(
        map,
        path.getFirst(),
        child ->
            child instanceof Map<?, ?> childMap
                ? updateIn((Map<String, Object>) childMap, path.subList(1, path.size()), edit)
                : child);
  }

  /**
   * {@code list} with every item replaced by {@code edit} of it; the same list when no item
   * changed.
   */
  static List<Object> mapItems(List<Object> list, UnaryOperator<Object> edit) {
    Object[] items = null;
    for (int i = 0; i < list.size(); i++) {
      Object old = list.get(i);
      Object edited = edit.apply(old);
      if (edited != old) {
        if (items == null) items = frozenItems(list);
        items[i] = K8sObject.freezeValue(edited);
      }
    }
    return items == null ? list : FrozenList.adopt(items);
  }

  /** {@code list} with the item at {@code index} set to {@code value}. */
  static List<Object> withItem(List<Object> list, int index, Object value) {
    if (list.get(index) == value) return list;
    Object[] items = frozenItems(list);
    items[index] = K8sObject.freezeValue(value);
    return FrozenList.adopt(items);
  }

  private static Object[] frozenItems(List<Object> list) {
    Object[] items = list.toArray();
    if (!(list instanceof FrozenList)) {
      for (int i = 0; i < items.length; i++) items[i] = K8sObject.freezeValue(items[i]);
    }
    return items;
  }
}
