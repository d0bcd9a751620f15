package dev.devd.podman;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.CliImageStore;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.liveupdate.ProcessSupervisor;
import dev.devd.render.DevdLabels;
import dev.devd.render.K8sObject;
import dev.devd.render.K8sResource;
import dev.devd.render.RenderedManifests;
import dev.devd.render.YamlWriter;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ContainerAccess;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.Deploys;
import dev.devd.runtime.ForwardedPort;
import dev.devd.runtime.HealthCheck;
import dev.devd.runtime.ImageDelivery;
import dev.devd.runtime.ObjectRef;
import dev.devd.runtime.Observes;
import dev.devd.runtime.PodEvents;
import dev.devd.runtime.StoreImageCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs resources with podman, no cluster needed (SPEC §7), playing every role of a runtime: each
 * resource's rendered YAML goes to {@code .devd/podman/<resource>.yaml} and is run with {@code
 * podman kube play --replace}; images come straight from the local store, so nothing is pushed.
 * {@link PodmanObservers} follows the containers; a live update reaches the containers it listed
 * last while they all run.
 */
public final class PodmanRuntime
    implements Deploys, Observes, ContainerAccess, HealthCheck, ImageDelivery, AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(250);

  private final ProjectConfig config;
  private final ProcessRunner runner;
  private final PodmanCli podman;
  private final PodmanObservers observers;
  private final PodmanContainerTransport transport;
  private final PodmanProject project;
  private final PodOwners owners;
  private final CliImageStore store;
  // The containers a play found running as rendered, for the look that follows it: listing them
  // again costs a podman
  // call (a tenth of a second or more) on every restart of devd.
  private final Map<String, List<PodmanContainer>> listedByApply = new ConcurrentHashMap<>();
  // Notes about the played YAML are said once per session, not at every deploy.
  private final Set<String> said = ConcurrentHashMap.newKeySet();

  private PodmanRuntime(ProjectConfig config, ProcessRunner runner) {
    this.config = config;
    this.runner = runner;
    this.podman = new PodmanCli(runner, config.root());
    this.observers = new PodmanObservers(podman, Clock.systemUTC());
    this.transport =
        new PodmanContainerTransport(
            podman, ProcessRunner.DEFAULT_GRACE_PERIOD, observers::restartedByDevd);
    this.project = new PodmanProject(config.root());
    this.owners = new PodOwners(podman, project);
    this.store = PodmanImageStore.create(runner);
  }

  /** Whether podman can run here at all. */
  public static boolean installed() {
    return new PodmanCli(new ProcessRunner(), Path.of("").toAbsolutePath()).installed();
  }

  /** The runtime's roles, once podman is known to start here. */
  public static DeployTarget start(ProjectConfig config) throws DeployException {
    PodmanRuntime runtime = new PodmanRuntime(config, new ProcessRunner());
    if (!runtime.podman.installed()) {
      throw new DeployException(
          "devd.yaml says runtime: podman, and podman cannot be started here; install it "
              + "(apt-get install podman runc catatonit), or set runtime: kubernetes");
    }
    return new DeployTarget(
        "podman",
        "podman on this machine (kube play)",
        true,
        runtime,
        runtime,
        runtime,
        runtime,
        runtime,
        new StoreImageCommands(runtime.store),
        runtime);
  }

  @Override
  public Optional<ImageStore> localStore() {
    return Optional.of(store);
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
    return config
        .stateDir()
        .resolve("podman")
        .resolve(DevdLabels.resourceValue(resource) + ".yaml");
  }

  @Override
  public AppliedResources apply(RenderedManifests rendered, ResourceLog log)
      throws DeployException {
    String resource = rendered.resource();
    listedByApply.remove(resource);
    Path file = yamlFile(config, resource);
    owners.checkMayReplace(resource, PlayedYaml.podNames(rendered.objects()), Files.exists(file));
    PlayedYaml.Played played =
        PlayedYaml.of(
            resource, rendered.objects(), ForwardedPort.of(config, resource, log), project);
    new KubePlayChecker()
        .warnings(played.objects())
        .forEach(warning -> log.warn("warning: {}", warning));
    played.notes().stream().filter(said::add).forEach(note -> log.warn("podman: {}", note));
    Optional<Runnable> resume = Optional.empty();
    try {
      String yaml = new YamlWriter().write(played.objects());
      if (runsAsRendered(resource, file, yaml)) {
        // As Kubernetes leaves a workload whose spec did not change alone: `kube play --replace`
        // would recreate the
        // pod (seconds), which a restart of devd with the same images (the build cache) must not
        // cost.
        log.info("    already running as rendered; nothing to replay");
      } else {
        // The play replaces the resource's containers: that is no news, and a live update must list
        // them anew.
        resume = observers.pause(resource);
        transport.endShells();
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        podman.play(file);
      }
    } catch (IOException e) {
      resume.ifPresent(Runnable::run);
      throw new DeployException(
          "cannot write " + file + ": " + e.getMessage() + "; check the permissions of .devd/", e);
    } catch (PodmanException e) {
      resume.ifPresent(Runnable::run);
      throw new DeployException(withoutShell(rendered, e.getMessage()), e);
    }
    List<ObjectRef> refs = new ArrayList<>();
    for (K8sObject object : rendered.objects()) {
      ObjectRef ref =
          new ObjectRef(
              object.apiVersion(), object.kind(), object.namespace().orElse(""), object.name());
      refs.add(ref);
      log.info("→ {}", ref.shown());
    }
    played.forwards().stream().filter(said::add).forEach(line -> log.info("{}", line));
    return new AppliedResources(resource, "podman", refs, podLabels(resource));
  }

  // The YAML last played is this one, and every container of its pods runs.
  private boolean runsAsRendered(String resource, Path file, String yaml)
      throws IOException, PodmanException {
    if (!Files.exists(file) || !Files.readString(file).equals(yaml)) return false;
    List<PodmanContainer> containers = podman.containers(podLabels(resource));
    boolean running =
        !containers.isEmpty() && containers.stream().allMatch(PodmanContainer::running);
    if (running) listedByApply.put(resource, containers);
    return running;
  }

  /**
   * A play that failed because an image under restartProcess has no shell, said in restartProcess's
   * terms.
   */
  private static String withoutShell(RenderedManifests rendered, String message) {
    List<String> images = ProcessSupervisor.wrappedImages(rendered);
    if (images.isEmpty() || !message.contains("\"" + ProcessSupervisor.SHELL + "\""))
      return message;
    return ProcessSupervisor.noShell(String.join(", ", images)) + " (podman said: " + message + ")";
  }

  /** The labels of a resource's pods: devd's resource label and this project's label. */
  private Map<String, String> podLabels(String resource) {
    return Map.of(
        DevdLabels.RESOURCE,
        DevdLabels.resourceValue(resource),
        PodmanProject.LABEL,
        project.labelValue());
  }

  @Override
  public void observe(
      K8sResource resource, AppliedResources applied, ResourceLog log, PodEvents events) {
    observers.observe(
        resource, applied, log, events, Optional.ofNullable(listedByApply.remove(resource.name())));
  }

  @Override
  public void forget(String resource) {
    observers.forget(resource);
  }

  @Override
  public void remove(String resource, ResourceLog log) throws DeployException {
    forget(resource);
    Path file = yamlFile(config, resource);
    if (!Files.exists(file)) return;
    new PodmanDowner(config).removeResource(resource, log);
  }

  @Override
  public List<ContainerRef> containers(AppliedResources applied, ImageRef deployed)
      throws DeployException {
    Optional<List<PodmanContainer>> known = observers.running(applied.resource());
    try {
      // The containers of the last look while they all run and are followed: their followers end
      // when any of them
      // stops, restarts or is replaced. That spares `podman ps` and `podman container inspect`
      // (together about 100 ms
      // of a save's 300, measured with scripts/bench).
      List<PodmanContainer> all =
          known.isPresent() ? known.get() : podman.containers(applied.podLabels());
      return all.stream()
          .filter(c -> sameImage(c.image(), deployed))
          .map(PodmanContainer::toRef)
          .toList();
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }

  // podman names images built without a registry localhost/NAME; the YAML (and devd) call them
  // NAME.
  private static boolean sameImage(String podmanImage, ImageRef deployed) {
    String shown = deployed.toString();
    return podmanImage.equals(shown) || podmanImage.equals("localhost/" + shown);
  }

  @Override
  public ContainerTransport transport() {
    return transport;
  }

  @Override
  public Optional<String> awaitHealthy(List<AppliedResources> applied, Duration timeout)
      throws InterruptedException {
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
            return Optional.of(
                resource.resource()
                    + ": container "
                    + container.displayName()
                    + " is crash-looping ("
                    + container.restartCount()
                    + " restarts)");
          }
          if (!container.running()) waiting.add(container.displayName() + " " + container.state());
        }
        if (containers.isEmpty()) waiting.add(resource.resource() + " has no containers yet");
      }
      if (waiting.isEmpty()) return Optional.empty();
      if (Clock.systemUTC().instant().isAfter(deadline)) {
        return Optional.of(
            "not running after "
                + dev.devd.config.DurationFormatter.format(timeout)
                + ": "
                + String.join(", ", waiting));
      }
      Thread.sleep(
          POLL.toMillis()); // podman has no watch API for this one-off wait; a quarter second is
      // enough
    }
  }

  @Override
  public void close() {
    observers.close();
    transport.close();
    runner.stopAll();
  }
}
