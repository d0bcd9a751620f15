package dev.devd.runtime;

import java.util.List;
import java.util.Map;

/**
 * What one apply of a resource put in the cluster, and the labels its pods carry (to watch them and
 * their logs).
 */
public record AppliedResources(
    String resource, String namespace, List<ObjectRef> objects, Map<String, String> podLabels) {
  public AppliedResources {
    objects = List.copyOf(objects);
    podLabels = Map.copyOf(podLabels);
  }
}
