package dev.devd.engine;

import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start-up order {@code resourceDeps} asks for: which targets each target waits for before its
 * first update. Names that are no target, and dependencies that would wait in a circle, are left
 * out with a warning.
 */
record ResourceOrder(Map<String, List<String>> dependencies, List<String> warnings) {

  static ResourceOrder of(ProjectConfig config, Set<String> targets) {
    Map<String, List<String>> declared = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (String target : targets) {
      List<String> deps =
          new ArrayList<>(
              config.resources().getOrDefault(target, ResourceOptions.DEFAULTS).resourceDeps());
      for (LocalResourceConfig local : config.localResources()) {
        if (local.name().equals(target)) deps.addAll(local.resourceDeps());
      }
      List<String> known = new ArrayList<>();
      for (String dep : deps) {
        if (targets.contains(dep)) {
          known.add(dep);
        } else {
          warnings.add(
              "resourceDeps of "
                  + target
                  + " names \""
                  + dep
                  + "\", which is not a resource devd runs; it waits for it no longer");
        }
      }
      declared.put(target, known);
    }
    for (String target : targets) {
      for (String dep : List.copyOf(declared.get(target))) {
        if (reaches(declared, dep, target, new HashSet<>())) {
          declared.get(target).remove(dep);
          warnings.add(
              "resourceDeps of "
                  + target
                  + " and "
                  + dep
                  + " wait for each other; "
                  + target
                  + " starts without waiting for "
                  + dep);
        }
      }
    }
    return new ResourceOrder(declared, warnings);
  }

  private static boolean reaches(
      Map<String, List<String>> graph, String from, String to, Set<String> seen) {
    if (from.equals(to)) return true;
    if (!seen.add(from)) return false;
    for (String next : graph.getOrDefault(from, List.of())) {
      if (reaches(graph, next, to, seen)) return true;
    }
    return false;
  }

  List<String> dependencies(String target) {
    return dependencies.getOrDefault(target, List.of());
  }
}
