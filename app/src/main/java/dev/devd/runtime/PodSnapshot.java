package dev.devd.runtime;

import java.time.Instant;
import java.util.List;

/**
 * How one pod of a resource looked at a moment: its phase, readiness, restarts, whether a container
 * is crash-looping, and the images its containers run.
 */
public record PodSnapshot(
    String resource,
    String namespace,
    String name,
    String phase,
    boolean ready,
    int restarts,
    boolean crashLooping,
    List<String> images,
    List<String> containers,
    Instant seenAt) {
  public PodSnapshot {
    images = List.copyOf(images);
    containers = List.copyOf(containers);
  }
}
