package dev.devd.render;

import java.util.List;

/**
 * A kind named in {@code k8sKinds:} with its image paths parsed: each of its objects is a resource
 * of its own, and devd replaces image refs at its paths.
 *
 * @param apiVersion as configured: empty matches any; {@code argoproj.io/v1alpha1} matches exactly;
 *     a group alone ({@code argoproj.io}) matches every version of that group
 */
public record CustomKind(String kind, String apiVersion, List<ImageJsonPath> imagePaths) {
  public CustomKind {
    imagePaths = List.copyOf(imagePaths);
  }

  /**
   * Whether {@code object} is of this kind; kinds compare without case, as Tilt's {@code k8s_kind}
   * does.
   */
  public boolean matches(K8sObject object) {
    if (!kind.equalsIgnoreCase(object.kind())) return false;
    if (apiVersion.isEmpty() || apiVersion.equalsIgnoreCase(object.apiVersion())) return true;
    return !apiVersion.contains("/")
        && !object.group().isEmpty()
        && apiVersion.equalsIgnoreCase(object.group());
  }
}
