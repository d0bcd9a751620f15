package dev.devd.engine;

import dev.devd.runtime.DeployException;
import dev.devd.runtime.Deployer;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.config.ImageConfig;
import dev.devd.config.LiveUpdateStep;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import dev.devd.runtime.AppliedResources;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.SyncPlan;
import dev.devd.liveupdate.SyncPlanner;
import dev.devd.liveupdate.SyncResult;
import dev.devd.liveupdate.Syncer;
import dev.devd.liveupdate.UpdatePlan;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestRenderer;
import dev.devd.render.RenderOptions;
import dev.devd.render.RenderedManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pass of a deployed resource. For saved files that its images' {@code liveUpdate} steps cover, it copies them into
 * the running containers (SPEC §8); otherwise it builds the images that changed (their image deps first), settles their
 * immutable tags, renders the YAML with them, applies it, and keeps observing the pods. A failed build applies nothing:
 * what runs keeps running. A container that restarts after a live update lost the synced files: it is synced again
 * ({@code initialSync}) or the image is rebuilt.
 */
final class DeployPass implements UpdatePass {
  private final K8sResource resource;
  private final ImageBuilds builds;
  private final RenderOptions renderOptions;
  private final Deployer deployer;
  private final ResourceLog log;
  private final Runnable containersChanged;
  private final ManifestRenderer renderer = new ManifestRenderer();
  private final SyncPlanner planner = new SyncPlanner();
  private volatile Optional<AppliedResources> lastApplied = Optional.empty();
  private Map<String, ImageRef> lastDeployed = Map.of();
  // Per image: the containers devd last left in step with the sources, by identity (see containerKey).
  private final Map<String, Set<String>> containersInStep = new HashMap<>();
  // Images that had files synced into their containers since they were last deployed.
  private final Map<String, Boolean> syncedSinceDeploy = new HashMap<>();

  DeployPass(K8sResource resource, ImageBuilds builds, RenderOptions renderOptions, Deployer deployer, ResourceLog log,
      Runnable containersChanged) {
    this.resource = resource;
    this.builds = builds;
    this.renderOptions = renderOptions;
    this.deployer = deployer;
    this.log = log;
    this.containersChanged = containersChanged;
  }

  @Override
  public PassResult run(PassReason reason) {
    if (reason.kind() == PassReason.Kind.CONTAINERS) {
      return lastApplied.isEmpty() ? PassResult.success() : reconcileContainers(new HashMap<>()).orElse(PassResult.success());
    }
    if (reason.kind() == PassReason.Kind.CHANGED && lastApplied.isPresent()) {
      // Listing containers costs a runtime round trip (podman: two CLI runs, about 60 ms); the live update uses the
      // list the reconciliation just made when nothing changed the containers in between.
      Map<String, List<ContainerRef>> listed = new HashMap<>();
      Optional<PassResult> reconciled = reconcileContainers(listed);
      if (reconciled.isPresent()) return reconciled.get();
      Optional<PassResult> live = liveUpdate(reason.changed(), listed);
      if (live.isPresent()) return live.get();
    }
    return fullUpdate();
  }

  /** What the last successful pass applied, for {@code devd ci}'s readiness check. */
  Optional<AppliedResources> lastApplied() {
    return lastApplied;
  }

  private PassResult fullUpdate() {
    List<ImageConfig> chain = builds.withDependencies(resource.imageRefs());
    Steps steps = new Steps(log, builds.stepsToBuild(chain) + 1);
    Map<String, ImageRef> deployRefs = new LinkedHashMap<>();
    try {
      for (ImageConfig image : chain) {
        ImageBuilds.Result result = builds.ensureBuilt(image.ref(), log, steps);
        if (resource.imageRefs().contains(image.ref())) deployRefs.put(image.ref(), result.deployRef());
      }
    } catch (BuildFailedException e) {
      log.error("{}", e.getMessage());
      stillRunning();
      return PassResult.failure(e.getMessage());
    }
    steps.start("Deploying");
    RenderedManifests rendered = renderer.render(resource, deployRefs, renderOptions);
    try {
      AppliedResources applied = deployer.apply(rendered, log);
      lastApplied = Optional.of(applied);
      lastDeployed = Map.copyOf(deployRefs);
      containersInStep.clear();
      syncedSinceDeploy.clear();
      deployer.observe(resource, applied, log, containersChanged);
      reconcileContainers(new HashMap<>());
      return PassResult.deployed(deployRefs.isEmpty() ? resource.name()
          : String.join(", ", deployRefs.values().stream().map(ImageRef::toString).toList()));
    } catch (DeployException e) {
      log.error("deploy failed: {}", e.getMessage());
      log.debug("deploy of " + resource.name() + " failed", e);
      stillRunning();
      return PassResult.failure("deploy failed: " + e.getMessage());
    }
  }

  // Saved files that every concerned image can copy into its running containers: copied, and no build. Empty when a
  // full update is needed (the reason is printed when the image has live update steps at all).
  private Optional<PassResult> liveUpdate(List<Path> changed, Map<String, List<ContainerRef>> listed) {
    Map<ImageConfig, List<Path>> byImage = new LinkedHashMap<>();
    for (Path path : changed) {
      Optional<ImageConfig> owner = liveImages().stream().filter(image -> image.deps().stream().anyMatch(path::startsWith)).findFirst();
      if (owner.isEmpty()) return Optional.empty();
      byImage.computeIfAbsent(owner.get(), image -> new ArrayList<>()).add(path);
    }
    if (byImage.isEmpty()) return Optional.empty();
    Map<ImageConfig, SyncPlan> plans = new LinkedHashMap<>();
    Map<ImageConfig, List<ContainerRef>> containers = new LinkedHashMap<>();
    try {
      for (var entry : byImage.entrySet()) {
        ImageConfig image = entry.getKey();
        List<ContainerRef> running = listed.containsKey(image.ref()) ? listed.get(image.ref())
            : deployer.containers(lastApplied.orElseThrow(), lastDeployed.get(image.ref()));
        UpdatePlan plan = planner.plan(image, entry.getValue(), running, Files::exists);
        if (plan instanceof UpdatePlan.FullUpdate full) {
          log.info("full build: {}", full.reason());
          return Optional.empty();
        }
        plans.put(image, ((UpdatePlan.LiveUpdate) plan).plan());
        containers.put(image, running);
      }
    } catch (DeployException e) {
      log.info("full build: cannot list the running containers: {}", e.getMessage());
      return Optional.empty();
    }
    Optional<String> failedRun = Optional.empty();
    for (var entry : plans.entrySet()) {
      ImageConfig image = entry.getKey();
      SyncResult result = new Syncer(deployer.transport()).apply(entry.getValue(), containers.get(image), log);
      if (result instanceof SyncResult.NeedsFullUpdate full) {
        log.info("full build: {}", full.reason());
        return Optional.empty();
      }
      SyncResult.Synced synced = (SyncResult.Synced) result;
      syncedSinceDeploy.put(image.ref(), true);
      remember(image, containersAfter(image, synced));
      if (failedRun.isEmpty()) {
        failedRun = synced.failedRun().map(run -> "run \"" + run.command() + "\" in " + run.container() + ": " + run.problem());
      }
    }
    if (failedRun.isPresent()) {
      log.error("{}; the files are synced, save a file to try again", failedRun.get());
      return Optional.of(PassResult.failure(failedRun.get()));
    }
    return Optional.of(PassResult.deployed("live update of " + String.join(", ", plans.keySet().stream().map(ImageConfig::ref).toList())));
  }

  private List<ContainerRef> containersAfter(ImageConfig image, SyncResult.Synced synced) {
    boolean restarted = synced.containers().stream().anyMatch(SyncResult.ContainerSync::restarted);
    if (!restarted) return synced.containers().stream().map(SyncResult.ContainerSync::container).toList();
    try {
      return deployer.containers(lastApplied.orElseThrow(), lastDeployed.get(image.ref()));
    } catch (DeployException e) {
      return List.of();
    }
  }

  /**
   * Brings containers that started since devd last looked in step: a new container gets the files under the sync
   * paths when the image asks for {@code initialSync}; one that lacks files synced since the last build otherwise
   * needs a rebuild, as does an image none of whose containers runs any more. Empty when nothing needed doing.
   *
   * @param listed filled with each image's containers as listed here, unless a sync into them followed
   */
  private Optional<PassResult> reconcileContainers(Map<String, List<ContainerRef>> listed) {
    for (ImageConfig image : liveImages()) {
      List<ContainerRef> now;
      try {
        now = deployer.containers(lastApplied.orElseThrow(), lastDeployed.get(image.ref()));
      } catch (DeployException e) {
        log.debug("cannot list the containers of " + image.ref(), e);
        continue;
      }
      listed.put(image.ref(), now);
      Set<String> inStep = containersInStep.computeIfAbsent(image.ref(), ref -> new HashSet<>());
      boolean synced = syncedSinceDeploy.getOrDefault(image.ref(), false);
      if (synced && now.stream().noneMatch(ContainerRef::canSync)) {
        log.info("full build: no container of {} runs any more, and it had files synced into it", image.ref());
        return Optional.of(fullUpdate());
      }
      List<ContainerRef> fresh = now.stream().filter(ContainerRef::canSync).filter(c -> !inStep.contains(containerKey(c))).toList();
      if (fresh.isEmpty()) continue;
      if (hasInitialSync(image)) {
        listed.remove(image.ref()); // a sync may restart containers: list them again before using them
        SyncResult result = new Syncer(deployer.transport()).apply(planner.initialSync(image), fresh, log);
        if (result instanceof SyncResult.NeedsFullUpdate full) {
          log.info("full build: {}", full.reason());
          return Optional.of(fullUpdate());
        }
        remember(image, containersAfter(image, (SyncResult.Synced) result));
      } else if (synced) {
        log.info("full build: a container of {} started anew and lacks the files synced since the last build", image.ref());
        return Optional.of(fullUpdate());
      } else {
        remember(image, fresh);
      }
    }
    return Optional.empty();
  }

  // Which container this is, as far as synced files go: podman restarts the same container and keeps its files; on
  // Kubernetes a restart starts from the image again, so a new start time is a new container.
  private String containerKey(ContainerRef container) {
    return deployer.restartKeepsFiles() ? container.address().toString() : container.address() + "@" + container.startedAt();
  }

  private void remember(ImageConfig image, List<ContainerRef> containers) {
    Set<String> inStep = containersInStep.computeIfAbsent(image.ref(), ref -> new HashSet<>());
    containers.forEach(c -> inStep.add(containerKey(c)));
  }

  private List<ImageConfig> liveImages() {
    return resource.imageRefs().stream().map(builds::image).flatMap(Optional::stream)
        .filter(image -> !image.liveUpdate().isEmpty() && lastDeployed.containsKey(image.ref())).toList();
  }

  private static boolean hasInitialSync(ImageConfig image) {
    return image.liveUpdate().stream().anyMatch(step -> step instanceof LiveUpdateStep.InitialSync);
  }

  private void stillRunning() {
    if (lastApplied.isEmpty()) {
      log.info("nothing of {} is deployed yet; save a file to try again", resource.name());
    } else if (lastDeployed.isEmpty()) {
      log.info("the last good deploy keeps running; save a file to try again");
    } else {
      log.info("still running {}; save a file to try again", String.join(", ", lastDeployed.values().stream().map(ImageRef::toString).toList()));
    }
  }
}
