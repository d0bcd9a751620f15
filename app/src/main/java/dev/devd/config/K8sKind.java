package dev.devd.config;

import java.util.List;

/**
 * A custom kind whose objects carry image refs at the given JSON paths ({@code k8sKinds:}, SPEC
 * §5).
 */
public record K8sKind(
    String kind, String apiVersion, List<String> imageJsonPath, SourceLocation location) {
  public K8sKind {
    imageJsonPath = List.copyOf(imageJsonPath);
  }
}
