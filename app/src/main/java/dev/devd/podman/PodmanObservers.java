package dev.devd.podman;

import dev.devd.console.ResourceLog;
import dev.devd.exec.RunningProcess;
import dev.devd.render.K8sResource;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.Observes;
import dev.devd.runtime.PodEvents;
import dev.devd.runtime.PodSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Follows the containers of each resource podman runs: streams their logs with the resource's
 * prefix, tells the engine and the status board how they are, and says on the terminal what
 * happened to a container that devd did not stop, restart or remove itself ({@link
 * ContainerChanges}). A running container is followed with {@code podman logs -f}, which ends when
 * it stops, restarts or is removed; one that does not run with {@code podman wait --condition
 * running}, which ends when it runs again or is removed. Either end is a new look, and wakes the
 * resource so that files synced into the container can be synced again.
 */
final class PodmanObservers implements Observes, AutoCloseable {
  // A new look runs on a thread of its own, never on the thread that ended the follower (which may
  // hold this lock).
  private static final Executor LOOK =
      runnable -> Thread.ofVirtual().name("podman look").start(runnable);

  private final PodmanCli podman;
  private final Clock clock;
  private final Map<String, Observation> observations = new HashMap<>();
  // Numbers each look per resource: a follower of an older look that ends (devd stopped it) changes
  // nothing.
  private final Map<String, Integer> generations = new HashMap<>();
  // Containers devd restarts itself (restartContainer): their restart is no news.
  private final Set<String> restartedByDevd = ConcurrentHashMap.newKeySet();
  private boolean closed;

  /**
   * One resource followed: what it was asked with, the last look's containers, and those removed
   * since the deploy.
   */
  private record Observation(
      K8sResource resource,
      AppliedResources applied,
      ResourceLog log,
      PodEvents events,
      List<RunningProcess> followers,
      List<PodmanContainer> containers,
      List<PodmanContainer> removed,
      boolean allRunning) {}

  PodmanObservers(PodmanCli podman, Clock clock) {
    this.podman = podman;
    this.clock = clock;
  }

  @Override
  public synchronized void observe(
      K8sResource resource, AppliedResources applied, ResourceLog log, PodEvents events) {
    look(resource, applied, log, events, List.of(), List.of(), Optional.empty());
  }

  /**
   * Follows a resource whose containers were just listed: {@code listed}, when the caller has them,
   * saves a listing.
   */
  synchronized void observe(
      K8sResource resource,
      AppliedResources applied,
      ResourceLog log,
      PodEvents events,
      Optional<List<PodmanContainer>> listed) {
    look(resource, applied, log, events, List.of(), List.of(), listed);
  }

  @Override
  public synchronized void forget(String resource) {
    generations.merge(resource, 1, Integer::sum);
    Observation gone = observations.remove(resource);
    if (gone != null) gone.followers().forEach(RunningProcess::stop);
  }

  /**
   * Stops following a resource while devd plays it anew, so that its containers going away is no
   * news; {@link #resume} follows it again when the play failed.
   */
  synchronized Optional<Runnable> pause(String resource) {
    Observation paused = observations.get(resource);
    forget(resource);
    if (paused == null) return Optional.empty();
    return Optional.of(
        () -> observe(paused.resource(), paused.applied(), paused.log(), paused.events()));
  }

  /**
   * The containers of the last look, while each of them runs and is followed; empty when they must
   * be listed anew.
   */
  synchronized Optional<List<PodmanContainer>> running(String resource) {
    Observation observation = observations.get(resource);
    return observation != null && observation.allRunning()
        ? Optional.of(observation.containers())
        : Optional.empty();
  }

  /**
   * Marks a container that devd is about to restart itself, so that its restart is not reported.
   */
  void restartedByDevd(String containerId) {
    restartedByDevd.add(containerId);
  }

  private void look(
      K8sResource resource,
      AppliedResources applied,
      ResourceLog log,
      PodEvents events,
      List<PodmanContainer> before,
      List<PodmanContainer> removedBefore,
      Optional<List<PodmanContainer>> listed) {
    String name = resource.name();
    int generation = generations.merge(name, 1, Integer::sum);
    Observation old = observations.get(name);
    if (old != null) old.followers().forEach(RunningProcess::stop);
    List<PodmanContainer> containers = listed.orElseGet(() -> list(applied, log));
    Set<String> ours =
        Set.copyOf(
            before.stream().map(PodmanContainer::id).filter(restartedByDevd::remove).toList());
    for (String line : ContainerChanges.describe(name, before, containers, ours)) {
      if (line.endsWith("runs again")) log.info("{}", line);
      else log.warn("{}", line);
    }
    List<PodmanContainer> removed = new ArrayList<>(removedBefore);
    removed.addAll(ContainerChanges.removed(before, containers));
    events.pods(snapshots(name, containers, removed));
    List<RunningProcess> followers = new ArrayList<>();
    boolean allRunning = !containers.isEmpty();
    for (PodmanContainer container : containers) {
      allRunning &= container.running();
      try {
        RunningProcess follower =
            container.running()
                ? podman.logs(container.id(), Optional.of(container.startedAt()), log::output)
                : podman.awaitRunning(container.id());
        follower
            .onExit()
            .thenRunAsync(() -> followerEnded(resource, applied, log, events, generation), LOOK);
        followers.add(follower);
      } catch (PodmanException e) {
        allRunning = false;
        log.warn("warning: cannot follow {}: {}", container.displayName(), e.getMessage());
      }
    }
    observations.put(
        name,
        new Observation(
            resource, applied, log, events, followers, containers, removed, allRunning));
  }

  private synchronized void followerEnded(
      K8sResource resource,
      AppliedResources applied,
      ResourceLog log,
      PodEvents events,
      int generation) {
    if (closed || generations.getOrDefault(resource.name(), 0) != generation) return;
    Observation last = observations.get(resource.name());
    look(
        resource,
        applied,
        log,
        events,
        last == null ? List.of() : last.containers(),
        last == null ? List.of() : last.removed(),
        Optional.empty());
    events.containersChanged();
  }

  private List<PodmanContainer> list(AppliedResources applied, ResourceLog log) {
    try {
      return podman.containers(applied.podLabels());
    } catch (PodmanException e) {
      log.warn("warning: cannot list the containers of {}: {}", applied.resource(), e.getMessage());
      return List.of();
    }
  }

  private List<PodSnapshot> snapshots(
      String resource, List<PodmanContainer> containers, List<PodmanContainer> removed) {
    Instant now = clock.instant();
    List<PodSnapshot> snapshots = new ArrayList<>();
    for (PodmanContainer c : containers) {
      snapshots.add(snapshot(resource, c, ContainerChanges.phase(c), now));
    }
    for (PodmanContainer c : removed)
      snapshots.add(snapshot(resource, c, ContainerChanges.REMOVED, now));
    return snapshots;
  }

  private static PodSnapshot snapshot(
      String resource, PodmanContainer c, String phase, Instant now) {
    boolean removed = phase.equals(ContainerChanges.REMOVED);
    return new PodSnapshot(
        resource,
        "podman",
        c.pod().orElse(c.name()),
        phase,
        c.running() && !removed,
        c.restartCount(),
        c.crashLooping() && !removed,
        List.of(c.image()),
        List.of(c.shortName()),
        now);
  }

  @Override
  public synchronized void close() {
    closed = true;
    observations.values().forEach(o -> o.followers().forEach(RunningProcess::stop));
    observations.clear();
  }
}
