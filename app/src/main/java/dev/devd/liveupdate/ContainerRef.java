package dev.devd.liveupdate;

import java.time.Instant;
import java.util.Objects;

/**
 * One running (or stopped) container that may receive a live update: where it is, how it is shown,
 * the image it runs, and its state when it was last looked at.
 *
 * @param address where the container is: a podman container id, or a Kubernetes namespace, pod and
 *     container
 * @param displayName how log lines name it, such as {@code web-7d9f/web}
 * @param image the image reference the container runs, as its runtime reports it
 * @param startedAt when its current process started; a new value means it restarted
 */
public record ContainerRef(
    Address address,
    String displayName,
    String image,
    boolean running,
    boolean crashLooping,
    Instant startedAt) {

  /** Where a container is, in the terms of the runtime that runs it. */
  public sealed interface Address {}

  /** A container of the podman runtime, by its id (a name works too). */
  public record PodmanContainer(String id) implements Address {
    public PodmanContainer {
      requireText(id, "id");
    }
  }

  /** A container of a Kubernetes pod. */
  public record PodContainer(String namespace, String pod, String container) implements Address {
    public PodContainer {
      requireText(namespace, "namespace");
      requireText(pod, "pod");
      requireText(container, "container");
    }
  }

  public ContainerRef {
    Objects.requireNonNull(address, "address");
    requireText(displayName, "displayName");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** Whether a live update can go into it now: it runs and is not crash-looping. */
  public boolean canSync() {
    return running && !crashLooping;
  }

  private static void requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) throw new IllegalArgumentException(what + " cannot be blank");
  }

  @Override
  public String toString() {
    return displayName;
  }
}
