package dev.devd.runtime;

/**
 * Which object in a cluster: enough to get, delete or list it again. Namespace is empty for
 * cluster-scoped kinds.
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
  /** {@code name:kind}, lower-case, as devd lists applied objects ({@code → web:deployment}). */
  public String shown() {
    return (name + ":" + kind).toLowerCase(java.util.Locale.ROOT);
  }
}
