package dev.devd.runtime;

import dev.devd.image.ImageStore;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import java.util.Optional;

/**
 * The role of saying how built images reach the runtime: from which registry, and whether they must
 * be pushed.
 */
public interface ImageDelivery {
  /** The registry the cluster itself names (its local-registry-hosting ConfigMap), if any. */
  Optional<String> clusterRegistry();

  /** Whether built images must be pushed for this runtime to run them, and why (not). */
  PushPolicy pushPolicy(RegistryTarget registry);

  /**
   * The local image store this runtime runs images from, if it runs them from one: builds must land
   * there, so devd need not look for another.
   */
  default Optional<ImageStore> localStore() {
    return Optional.empty();
  }
}
