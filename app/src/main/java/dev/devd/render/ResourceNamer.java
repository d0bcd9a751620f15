package dev.devd.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names workloads the way Tilt does ({@code UniqueNames} in tilt-dev/tilt {@code
 * internal/k8s/names.go}): each takes the first of {@code name}, {@code name:kind}, {@code
 * name:kind:namespace}, {@code name:kind:namespace:group} that no other workload could also take,
 * lower-case. The namespace of an object without one is {@code default}; the group of the core API
 * is {@code core}.
 */
final class ResourceNamer {
  private ResourceNamer() {}

  /**
   * One name per object, in order. {@code reserved} names are taken already (by {@code
   * uncategorized}). Objects whose name, kind, namespace and group are all equal cannot be told
   * apart; the parser rejects them before this.
   */
  static List<String> names(List<K8sObject> workloads, Set<String> reserved) {
    Map<String, Integer> wanted = new HashMap<>();
    for (String name : reserved) wanted.merge(name, 1, Integer::sum);
    List<List<String>> candidates = new ArrayList<>(workloads.size());
    for (K8sObject workload : workloads) {
      List<String> names = candidates(workload);
      candidates.add(names);
      for (String name : names) wanted.merge(name, 1, Integer::sum);
    }
    List<String> chosen = new ArrayList<>(workloads.size());
    for (List<String> names : candidates) {
      String pick = names.getLast();
      for (String name : names) {
        if (wanted.get(name) == 1) {
          pick = name;
          break;
        }
      }
      chosen.add(pick);
    }
    return chosen;
  }

  /** The names an object could take, shortest first. */
  static List<String> candidates(K8sObject object) {
    String[] parts = {
      object.name(),
      object.kind(),
      object.namespace().orElse("default"),
      object.group().isEmpty() ? "core" : object.group()
    };
    List<String> names = new ArrayList<>(parts.length);
    StringBuilder name = new StringBuilder();
    for (String part : parts) {
      if (!name.isEmpty()) name.append(':');
      name.append(part.toLowerCase(Locale.ROOT));
      names.add(name.toString());
    }
    return names;
  }
}
