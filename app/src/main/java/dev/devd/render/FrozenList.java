package dev.devd.render;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A list of a frozen object tree: unmodifiable and holding only frozen values (see {@link
 * FrozenMap}). Unlike {@code List.copyOf} it keeps nulls, which YAML lists may hold.
 */
final class FrozenList extends AbstractList<Object> implements RandomAccess {
  private final Object[] items;

  private FrozenList(Object[] items) {
    this.items = items;
  }

  /**
   * Takes {@code items} without copying; for callers that froze every item and keep no reference to
   * the array.
   */
  static FrozenList adopt(Object[] items) {
    return new FrozenList(items);
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
