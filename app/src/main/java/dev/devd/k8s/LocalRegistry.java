package dev.devd.k8s;

import java.util.Optional;

/**
 * A registry a local cluster announces for development images (KEP-1755).
 *
 * @param host where devd pushes to from this machine, e.g. {@code localhost:5001}
 * @param hostFromContainerRuntime where the cluster's nodes pull from, when it differs from {@code
 *     host}
 * @param hostFromClusterNetwork where pods reach it inside the cluster, when announced
 * @param help a page about the registry, when announced
 */
public record LocalRegistry(
    String host,
    Optional<String> hostFromContainerRuntime,
    Optional<String> hostFromClusterNetwork,
    Optional<String> help) {

  /**
   * The host to write into image refs the cluster pulls: {@code hostFromContainerRuntime}, else
   * {@code host}.
   */
  public String hostForCluster() {
    return hostFromContainerRuntime.orElse(host);
  }
}
