package dev.devd.runtime;

import dev.devd.console.ResourceLog;
import dev.devd.render.K8sResource;

/**
 * The role of following an applied resource while devd runs: its pods' state, their logs and its
 * port forwards.
 */
public interface Observes {
  /**
   * Starts (or keeps) following the resource's pods, streaming their logs and forwarding its ports;
   * tells {@code events} how its pods look and when a container of it starts, restarts or stops.
   */
  void observe(K8sResource resource, AppliedResources applied, ResourceLog log, PodEvents events);

  /** Stops following a resource that is gone. */
  void forget(String resource);
}
