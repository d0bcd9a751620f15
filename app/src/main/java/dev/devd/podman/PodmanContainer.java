package dev.devd.podman;

import dev.devd.liveupdate.ContainerRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One container as podman reports it ({@code podman ps} and {@code podman container inspect}),
 * without the pods' infra containers.
 *
 * @param name podman's name for it; {@code podman kube play} names a pod's containers {@code
 *     <pod>-<container>}
 * @param image the image reference it was created from
 * @param state podman's state word: {@code running}, {@code exited}, {@code stopped}, {@code
 *     created}, …
 * @param startedAt when its current process started (nanosecond precision, so a restart always
 *     changes it)
 * @param restartCount how often podman restarted it by its restart policy (not counting {@code
 *     podman restart})
 * @param pod the name of its pod, if it has one
 */
public record PodmanContainer(
    String id,
    String name,
    String image,
    String state,
    boolean running,
    Instant startedAt,
    int restartCount,
    int exitCode,
    Optional<String> pod,
    Map<String, String> labels) {

  // podman restarts a container by its restart policy at once, with no back-off (a container that
  // exits at once was
  // seen restarting 44 times in 5 s), so a crash loop shows as a count that climbs, and its state
  // flips between
  // running and stopped. Three restarts are a loop, not a one-off crash. Being wrong costs one full
  // build, which
  // replaces the containers and so resets the count.
  static final int CRASH_LOOP_RESTARTS = 3;

  public PodmanContainer {
    labels = Map.copyOf(labels);
  }

  /** The name within its pod ({@code web}), or podman's name when it is in no pod. */
  public String shortName() {
    if (pod.isPresent() && name.startsWith(pod.get() + "-"))
      return name.substring(pod.get().length() + 1);
    return name;
  }

  /** How log lines name it: {@code <pod>/<container>}, as Kubernetes pods' containers are named. */
  public String displayName() {
    return pod.map(p -> p + "/" + shortName()).orElse(name);
  }

  /**
   * Restarted by its policy at least {@value #CRASH_LOOP_RESTARTS} times, or restarted and not
   * running now.
   */
  public boolean crashLooping() {
    return restartCount >= CRASH_LOOP_RESTARTS || (restartCount > 0 && !running);
  }

  /** The container as live update sees it. */
  public ContainerRef toRef() {
    return new ContainerRef(
        new ContainerRef.PodmanContainer(id),
        displayName(),
        image,
        running,
        crashLooping(),
        startedAt);
  }
}
