package dev.devd.engine;

import dev.devd.config.SourceLocation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of a config record with where they were written left out, so that an edit of
 * devd.yaml that only moves an entry (new lines above it, a new entry before it) does not count as
 * a change of that entry.
 */
final class Settings {
  private Settings() {}

  /** A value that is equal for two records exactly when their settings are. */
  static Object of(Object value) {
    if (value instanceof Record record) {
      List<Object> parts = new ArrayList<>();
      parts.add(record.getClass().getName());
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        if (component.getType() == SourceLocation.class || component.getName().equals("index"))
          continue;
        try {
          parts.add(of(component.getAccessor().invoke(record)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component, e);
        }
      }
      return parts;
    }
    if (value instanceof Collection<?> collection)
      return collection.stream().map(Settings::of).toList();
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), of(v)));
      return sorted;
    }
    if (value instanceof java.util.Optional<?> optional)
      return optional.map(Settings::of).orElse(null);
    return value;
  }
}
