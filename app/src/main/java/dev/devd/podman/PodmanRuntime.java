package dev.devd.podman;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.RunningProcess;
import dev.devd.image.ImageRef;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ContainerAccess;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.Deploys;
import dev.devd.runtime.HealthCheck;
import dev.devd.runtime.ImageDelivery;
import dev.devd.runtime.ObjectRef;
import dev.devd.runtime.Observes;
import dev.devd.runtime.PodEvents;
import dev.devd.runtime.PodSnapshot;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.render.DevdLabels;
import dev.devd.render.K8sObject;
import dev.devd.render.K8sResource;
import dev.devd.render.RenderedManifests;
import dev.devd.render.YamlWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs resources with podman, no cluster needed (SPEC §7), playing every role of a runtime, which share what podman
 * listed last: each resource's rendered YAML goes to
 * {@code .devd/podman/<resource>.yaml} and is run with {@code podman kube play --replace}; images come straight from
 * the local store, so nothing is pushed. Container logs stream with the resource's prefix; a container that stops or
 * restarts wakes the resource so live-updated files can be synced again.
 */
public final class PodmanRuntime implements Deploys, Observes, ContainerAccess, HealthCheck, ImageDelivery, AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(250);

  private final ProjectConfig config;
  private final ProcessRunner runner;
  private final PodmanCli podman;
  private final PodmanContainerTransport transport;
  private final Map<String, List<RunningProcess>> logFollowers = new HashMap<>();
  // Followers devd stops itself (a new deploy, devd stopping) must not count as containers stopping.
  private final Map<String, Integer> generations = new HashMap<>();
  // Per resource, the containers podman listed last, kept while every one of them runs with a log follower: a
  // follower ends when its container stops, restarts or is replaced, and that drops the entry, as do a new play and a
  // removal. A live update then copies at once instead of first running `podman ps` and `podman container inspect`
  // (together about 100 ms of a save's 300, measured with scripts/bench).
  private final Map<String, List<PodmanContainer>> followed = new HashMap<>();
  private volatile boolean closed;

  private PodmanRuntime(ProjectConfig config, ProcessRunner runner) {
    this.config = config;
    this.runner = runner;
    this.podman = new PodmanCli(runner, config.root());
    this.transport = new PodmanContainerTransport(podman);
  }

  /** Whether podman can run here at all. */
  public static boolean installed() {
    return new PodmanCli(new ProcessRunner(), Path.of("").toAbsolutePath()).installed();
  }

  /** The runtime's roles, once podman is known to start here. */
  public static DeployTarget start(ProjectConfig config) throws DeployException {
    PodmanRuntime runtime = new PodmanRuntime(config, new ProcessRunner());
    if (!runtime.podman.installed()) {
      throw new DeployException("devd.yaml says runtime: podman, and podman cannot be started here; install it "
          + "(apt-get install podman runc catatonit), or set runtime: kubernetes");
    }
    return new DeployTarget("podman", "podman on this machine (kube play)", true, runtime, runtime, runtime, runtime,
        runtime, runtime);
  }

  @Override
  public Optional<String> clusterRegistry() {
    return Optional.empty();
  }

  @Override
  public PushPolicy pushPolicy(RegistryTarget registry) {
    return PushPolicy.podmanRuntime();
  }

  /** Where a resource's rendered YAML is kept between plays (and for {@code devd down}). */
  static Path yamlFile(ProjectConfig config, String resource) {
    return config.stateDir().resolve("podman").resolve(DevdLabels.resourceValue(resource) + ".yaml");
  }

  @Override
  public AppliedResources apply(RenderedManifests rendered, ResourceLog log) throws DeployException {
    synchronized (this) {
      followed.remove(rendered.resource());
    }
    new KubePlayChecker().warnings(rendered.objects()).forEach(warning -> log.warn("warning: {}", warning));
    Path file = yamlFile(config, rendered.resource());
    Map<String, String> podLabels = Map.of(DevdLabels.RESOURCE, DevdLabels.resourceValue(rendered.resource()));
    try {
      String yaml = new YamlWriter().write(rendered.objects());
      if (runsAsRendered(file, yaml, podLabels)) {
        // As Kubernetes leaves a workload whose spec did not change alone: `kube play --replace` would recreate the
        // pod (seconds), which a restart of devd with the same images (the build cache) must not cost.
        log.info("    already running as rendered; nothing to replay");
      } else {
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        podman.play(file);
      }
    } catch (IOException e) {
      throw new DeployException("cannot write " + file + ": " + e.getMessage() + "; check the permissions of .devd/", e);
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    }
    List<ObjectRef> refs = new ArrayList<>();
    for (K8sObject object : rendered.objects()) {
      ObjectRef ref = new ObjectRef(object.apiVersion(), object.kind(), object.namespace().orElse(""), object.name());
      refs.add(ref);
      log.info("→ {}", ref.shown());
    }
    return new AppliedResources(rendered.resource(), "podman", refs, podLabels);
  }

  // The YAML last played is this one, and every container of its pods runs.
  private boolean runsAsRendered(Path file, String yaml, Map<String, String> podLabels) throws IOException, PodmanException {
    if (!Files.exists(file) || !Files.readString(file).equals(yaml)) return false;
    List<PodmanContainer> containers = podman.containers(podLabels);
    return !containers.isEmpty() && containers.stream().allMatch(PodmanContainer::running);
  }

  @Override
  public void forget(String resource) {
    synchronized (this) {
      generations.merge(resource, 1, Integer::sum);
      logFollowers.getOrDefault(resource, List.of()).forEach(RunningProcess::stop);
      logFollowers.remove(resource);
      followed.remove(resource);
    }
  }

  @Override
  public void remove(String resource, ResourceLog log) throws DeployException {
    forget(resource);
    Path file = yamlFile(config, resource);
    if (!Files.exists(file)) return;
    try {
      podman.down(file);
      Files.delete(file);
      log.info("removed: its pods are gone from podman");
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    } catch (IOException e) {
      throw new DeployException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void observe(K8sResource resource, AppliedResources applied, ResourceLog log, PodEvents events) {
    int generation = generations.merge(resource.name(), 1, Integer::sum);
    logFollowers.getOrDefault(resource.name(), List.of()).forEach(RunningProcess::stop);
    List<RunningProcess> followers = new ArrayList<>();
    List<PodmanContainer> containers = list(applied, log);
    events.pods(snapshots(resource.name(), containers));
    boolean allFollowed = !containers.isEmpty();
    for (PodmanContainer container : containers) {
      if (!container.running()) {
        allFollowed = false;
        continue;
      }
      try {
        RunningProcess follower = podman.logs(container.id(), Optional.of(container.startedAt()), log::output);
        // The log ends when the container stops or is replaced: that is when synced files may be lost. Following
        // again picks up a container podman restarted.
        follower.onExit().thenRun(() -> {
          forget(resource.name(), generation);
          if (!closed && isCurrent(resource.name(), generation)) {
            observe(resource, applied, log, events);
            events.containersChanged();
          }
        });
        followers.add(follower);
      } catch (PodmanException e) {
        allFollowed = false;
        log.warn("warning: cannot follow the log of {}: {}", container.displayName(), e.getMessage());
      }
    }
    logFollowers.put(resource.name(), followers);
    if (allFollowed) followed.put(resource.name(), List.copyOf(containers));
    else followed.remove(resource.name());
  }

  private synchronized boolean isCurrent(String resource, int generation) {
    return generations.getOrDefault(resource, 0) == generation;
  }

  // A follower of this generation ended: its container is no longer as listed.
  private synchronized void forget(String resource, int generation) {
    if (isCurrent(resource, generation)) followed.remove(resource);
  }

  private List<PodmanContainer> list(AppliedResources applied, ResourceLog log) {
    try {
      return podman.containers(applied.podLabels());
    } catch (PodmanException e) {
      log.warn("warning: cannot list the containers of {}: {}", applied.resource(), e.getMessage());
      return List.of();
    }
  }

  private static List<PodSnapshot> snapshots(String resource, List<PodmanContainer> containers) {
    Instant now = Clock.systemUTC().instant();
    return containers.stream().map(c -> new PodSnapshot(resource, "podman", c.pod().orElse(c.name()),
        c.running() ? "Running" : "Stopped", c.running(), c.restartCount(), c.crashLooping(), List.of(c.image()),
        List.of(c.shortName()), now)).toList();
  }

  @Override
  public List<ContainerRef> containers(AppliedResources applied, ImageRef deployed) throws DeployException {
    List<PodmanContainer> known;
    synchronized (this) {
      known = followed.get(applied.resource());
    }
    try {
      List<PodmanContainer> all = known != null ? known : podman.containers(applied.podLabels());
      return all.stream().filter(c -> sameImage(c.image(), deployed)).map(PodmanContainer::toRef).toList();
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }

  // podman names images built without a registry localhost/NAME; the YAML (and devd) call them NAME.
  private static boolean sameImage(String podmanImage, ImageRef deployed) {
    String shown = deployed.toString();
    return podmanImage.equals(shown) || podmanImage.equals("localhost/" + shown);
  }

  @Override
  public ContainerTransport transport() {
    return transport;
  }

  @Override
  public Optional<String> awaitHealthy(List<AppliedResources> applied, Duration timeout) throws InterruptedException {
    Instant deadline = Clock.systemUTC().instant().plus(timeout);
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (AppliedResources resource : applied) {
        List<PodmanContainer> containers;
        try {
          containers = podman.containers(resource.podLabels());
        } catch (PodmanException e) {
          return Optional.of(resource.resource() + ": " + e.getMessage());
        }
        for (PodmanContainer container : containers) {
          if (container.crashLooping()) {
            return Optional.of(resource.resource() + ": container " + container.displayName() + " is crash-looping ("
                + container.restartCount() + " restarts)");
          }
          if (!container.running()) waiting.add(container.displayName() + " " + container.state());
        }
        if (containers.isEmpty()) waiting.add(resource.resource() + " has no containers yet");
      }
      if (waiting.isEmpty()) return Optional.empty();
      if (Clock.systemUTC().instant().isAfter(deadline)) {
        return Optional.of("not running after " + dev.devd.config.DurationFormatter.format(timeout) + ": " + String.join(", ", waiting));
      }
      Thread.sleep(POLL.toMillis()); // podman has no watch API for this one-off wait; a quarter second is enough
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    logFollowers.values().forEach(followers -> followers.forEach(RunningProcess::stop));
    logFollowers.clear();
    runner.stopAll();
  }
}
