package dev.devd.k8s;

import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Told by a {@link PodObserver} about the pods of its resource as they change. Calls for one
 * observer come one at a time, in the order the changes happened, on the observer's watch thread:
 * return quickly and never block there.
 */
public interface PodListener {
  /**
   * A pod appeared or changed; {@code pod} is the object as the server sent it, {@code snapshot}
   * what devd reads in it.
   */
  void podChanged(PodSnapshot snapshot, Pod pod);

  /** A pod was deleted from the cluster; {@code last} is how it looked last. */
  default void podGone(PodSnapshot last, Pod pod) {}
}
