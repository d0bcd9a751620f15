package dev.devd.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The role of telling when applied workloads are healthy ({@code devd ci}). */
public interface HealthCheck {
  /**
   * Waits until the workloads of these applied resources are healthy, fail in a way that will not
   * fix itself, or the timeout passes; empty when healthy, else the first problem in the user's
   * terms.
   */
  Optional<String> awaitHealthy(List<AppliedResources> applied, Duration timeout)
      throws InterruptedException;
}
