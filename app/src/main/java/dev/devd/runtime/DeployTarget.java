package dev.devd.runtime;

/**
 * Where a session's resources run (SPEC §7), a Kubernetes context or podman on this machine, as the
 * roles the engine uses. Closing it stops observing; what was applied keeps running.
 *
 * @param kind what the status page calls resources deployed here: {@code kubernetes} or {@code
 *     podman}
 * @param description for the terminal: {@code Kubernetes context "kind-dev", namespace "default"}
 * @param restartKeepsFiles whether a restarted container keeps files copied into it: podman
 *     restarts the same container, Kubernetes starts a fresh one from the image
 */
public record DeployTarget(
    String kind,
    String description,
    boolean restartKeepsFiles,
    ImageDelivery images,
    Deploys deploys,
    Observes observes,
    ContainerAccess containers,
    HealthCheck health,
    ImageCommands commands,
    AutoCloseable resources)
    implements AutoCloseable {

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      dev.devd.console.ResourceLog.devd().debug("closing " + description + " failed", e);
    }
  }
}
