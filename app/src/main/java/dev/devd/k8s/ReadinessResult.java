package dev.devd.k8s;

/**
 * How waiting for the workloads of {@code devd ci} ended: all healthy, a problem that will not fix
 * itself (a crash loop, an image that cannot be pulled, a failed Job), or the timeout. {@code
 * message} names the first problem in the user's terms, resource first: {@code web: pod web-abc is
 * crash-looping (container web, 3 restarts)}.
 */
public record ReadinessResult(Outcome outcome, String message) {
  public enum Outcome {
    HEALTHY,
    FAILED,
    TIMED_OUT
  }

  public static ReadinessResult healthy() {
    return new ReadinessResult(Outcome.HEALTHY, "all workloads are healthy");
  }

  public boolean isHealthy() {
    return outcome == Outcome.HEALTHY;
  }
}
