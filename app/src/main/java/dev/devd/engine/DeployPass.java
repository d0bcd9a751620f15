package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.engine.PassPlan.DeployOnly;
import dev.devd.engine.PassPlan.FullBuild;
import dev.devd.engine.PassPlan.ImageSync;
import dev.devd.engine.PassPlan.LiveUpdate;
import dev.devd.engine.PassPlan.Nothing;
import dev.devd.image.DeployedRefs;
import dev.devd.image.ImageRef;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ProcessRestartException;
import dev.devd.liveupdate.ProcessSupervisor;
import dev.devd.liveupdate.SyncResult;
import dev.devd.liveupdate.Syncer;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestRenderer;
import dev.devd.render.RenderOptions;
import dev.devd.render.RenderedManifests;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.PodEvents;
import dev.devd.status.PassKind;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The pass of a deployed resource: gathers what is known of its containers, has the {@link
 * PassPlanner} choose what to do, and does it: copies files into running containers (SPEC §8), or
 * builds the images that changed (their image deps first), settles their immutable tags, renders
 * the YAML with them, applies it, and keeps observing the pods. A failed build applies nothing:
 * what runs keeps running. A sync that fails falls back to a full build.
 */
final class DeployPass implements UpdatePass {
  private final K8sResource resource;
  private final ImageBuilds builds;
  private final RenderOptions renderOptions;
  private final DeployTarget runtime;
  private final ResourceLog log;
  private final PodEvents podEvents;
  private final DeployedRefs deployedRefs;
  private final ManifestRenderer renderer = new ManifestRenderer();
  private final PassPlanner planner = new PassPlanner();
  private volatile Optional<AppliedResources> lastApplied = Optional.empty();
  private Map<String, ImageRef> lastDeployed = Map.of();
  // Per image: the containers devd last left in step with the sources, by PassPlanner.containerKey.
  private final Map<String, Set<String>> containersInStep = new HashMap<>();
  // Images that had files synced into their containers since they were last deployed.
  private final Set<String> syncedSinceDeploy = new HashSet<>();
  // Per image, the number of the latest change this resource saw: a change that was live-updated is
  // still not in the
  // image, so a later full build for any reason must build it.
  private final Map<String, Long> latestChanges = new HashMap<>();

  DeployPass(
      K8sResource resource,
      ImageBuilds builds,
      RenderOptions renderOptions,
      DeployTarget runtime,
      ResourceLog log,
      PodEvents podEvents,
      DeployedRefs deployedRefs) {
    this.resource = resource;
    this.builds = builds;
    this.renderOptions = renderOptions;
    this.runtime = runtime;
    this.log = log;
    this.podEvents = podEvents;
    this.deployedRefs = deployedRefs;
  }

  @Override
  public PassResult run(PassReason reason, Consumer<PassKind> starts) {
    reason
        .latestChanges()
        .forEach((image, change) -> latestChanges.merge(image, change, Math::max));
    ResourceFacts facts = facts(reason);
    PassPlan plan = planner.plan(reason, facts);
    return switch (plan) {
      case Nothing nothing -> {
        facts
            .containers()
            .forEach(
                (image, containers) ->
                    remember(image, containers.stream().filter(ContainerRef::canSync).toList()));
        yield PassResult.success(PassKind.NOTHING);
      }
      case FullBuild full -> {
        starts.accept(PassKind.BUILD);
        if (full.explain()) log.info("full build: {}", full.reason());
        yield deploy(full.force());
      }
      case DeployOnly deployOnly -> {
        starts.accept(PassKind.DEPLOY_ONLY);
        yield deploy(false);
      }
      case LiveUpdate live -> {
        starts.accept(PassKind.LIVE_UPDATE);
        yield liveUpdate(live, facts);
      }
    };
  }

  /** What the last successful pass applied, for {@code devd ci}'s readiness check. */
  Optional<AppliedResources> lastApplied() {
    return lastApplied;
  }

  // Containers are listed only where a plan may sync into them: after a deploy, for passes caused
  // by changes.
  private ResourceFacts facts(PassReason reason) {
    List<ImageConfig> chain = builds.withDependencies(resource.imageRefs());
    Set<String> stale = new HashSet<>();
    for (ImageConfig image : chain) {
      if (builds.isStale(image.ref(), latestChange(image))) stale.add(image.ref());
    }
    List<ImageConfig> live = liveImages();
    Map<String, List<ContainerRef>> containers = new HashMap<>();
    Map<String, String> failures = new HashMap<>();
    boolean listing =
        lastApplied.isPresent()
            && (reason.kind() == PassReason.Kind.CHANGED
                || reason.kind() == PassReason.Kind.CONTAINERS);
    if (listing) {
      for (ImageConfig image : live) {
        try {
          containers.put(
              image.ref(),
              runtime.containers().containers(lastApplied.get(), lastDeployed.get(image.ref())));
        } catch (DeployException e) {
          log.debug("cannot list the containers of " + image.ref(), e);
          failures.put(image.ref(), e.getMessage());
        }
      }
    }
    return new ResourceFacts(
        lastApplied.isPresent(),
        live,
        containers,
        failures,
        containersInStep,
        syncedSinceDeploy,
        runtime.restartKeepsFiles(),
        stale,
        Files::exists);
  }

  private long latestChange(ImageConfig image) {
    return latestChanges.getOrDefault(image.ref(), 0L);
  }

  private PassResult deploy(boolean force) {
    List<ImageConfig> chain = builds.withDependencies(resource.imageRefs());
    Steps steps = new Steps(log, builds.stepsToBuild(chain, latestChanges, force) + 1);
    Map<String, ImageRef> deployRefs = new LinkedHashMap<>();
    boolean built = false;
    boolean cached = false;
    try {
      for (ImageConfig image : chain) {
        ImageBuilds.Result result =
            builds.ensureBuilt(image.ref(), latestChange(image), force, log, steps);
        built |= result.builtNow();
        cached |= result.cached().isPresent();
        if (resource.imageRefs().contains(image.ref()))
          deployRefs.put(image.ref(), result.deployRef());
      }
    } catch (BuildFailedException e) {
      log.error("{}", e.getMessage());
      stillRunning();
      return PassResult.failure(PassKind.BUILD, e.getMessage());
    }
    PassKind kind = built ? PassKind.BUILD : cached ? PassKind.CACHED : PassKind.DEPLOY_ONLY;
    steps.start("Deploying");
    try {
      RenderedManifests rendered =
          ProcessSupervisor.wrap(
              renderer.render(resource, deployRefs, renderOptions),
              ProcessSupervisor.restarting(
                  resource.imageRefs().stream()
                      .map(builds::image)
                      .flatMap(Optional::stream)
                      .toList(),
                  deployRefs),
              runtime.commands()::of);
      AppliedResources applied = runtime.deploys().apply(rendered, log);
      lastApplied = Optional.of(applied);
      lastDeployed = Map.copyOf(deployRefs);
      recordDeployed(deployRefs);
      containersInStep.clear();
      syncedSinceDeploy.clear();
      runtime.observes().observe(resource, applied, log, podEvents);
      run(
          PassReason.containers(),
          nothingToTell -> {}); // containers already running get their initialSync
      if (deployRefs.isEmpty()) return PassResult.success(kind);
      return PassResult.deployed(
          kind, String.join(", ", deployRefs.values().stream().map(ImageRef::toString).toList()));
    } catch (DeployException | ProcessRestartException e) {
      log.error("deploy failed: {}", e.getMessage());
      log.debug("deploy of " + resource.name() + " failed", e);
      stillRunning();
      return PassResult.failure(kind, "deploy failed: " + e.getMessage());
    }
  }

  // For devd render; a state file that cannot be written is no reason to fail a deploy that worked.
  private void recordDeployed(Map<String, ImageRef> deployRefs) {
    try {
      deployedRefs.record(deployRefs);
    } catch (IOException e) {
      log.debug("cannot record the deployed refs", e);
    }
  }

  private PassResult liveUpdate(LiveUpdate live, ResourceFacts facts) {
    Set<String> restarted = new HashSet<>();
    Optional<String> failedRun = Optional.empty();
    int files = 0;
    for (ImageSync sync : live.syncs()) {
      String image = sync.image().ref();
      // A sync that restarted containers changed them: list them again before the next sync of the
      // same image.
      List<ContainerRef> containers =
          restarted.contains(image) ? listAgain(image) : sync.containers();
      SyncResult result =
          new Syncer(runtime.containers().transport()).apply(sync.plan(), containers, log);
      if (result instanceof SyncResult.NeedsFullUpdate full) {
        log.info("full build: {}", full.reason());
        return deploy(false);
      }
      SyncResult.Synced synced = (SyncResult.Synced) result;
      if (!sync.initial()) syncedSinceDeploy.add(image);
      if (synced.containers().stream().anyMatch(SyncResult.ContainerSync::restarted)) {
        restarted.add(image);
        remember(image, listAgain(image));
      } else {
        remember(
            image, synced.containers().stream().map(SyncResult.ContainerSync::container).toList());
      }
      files += sync.plan().copies().size() + sync.plan().deletions().size();
      if (failedRun.isEmpty()) {
        failedRun =
            synced
                .failedRun()
                .map(
                    run ->
                        "run \""
                            + run.command()
                            + "\" in "
                            + run.container()
                            + ": "
                            + run.problem());
      }
    }
    facts
        .containers()
        .forEach(
            (image, containers) -> {
              if (!restarted.contains(image))
                remember(image, containers.stream().filter(ContainerRef::canSync).toList());
            });
    if (failedRun.isPresent()) {
      log.error("{}; the files are synced, save a file to try again", failedRun.get());
      return PassResult.failure(PassKind.LIVE_UPDATE, failedRun.get());
    }
    return PassResult.liveUpdated(files);
  }

  private List<ContainerRef> listAgain(String image) {
    try {
      return runtime.containers().containers(lastApplied.orElseThrow(), lastDeployed.get(image));
    } catch (DeployException e) {
      return List.of();
    }
  }

  private void remember(String image, List<ContainerRef> containers) {
    Set<String> inStep = containersInStep.computeIfAbsent(image, ref -> new HashSet<>());
    containers.forEach(c -> inStep.add(PassPlanner.containerKey(c, runtime.restartKeepsFiles())));
  }

  private List<ImageConfig> liveImages() {
    return resource.imageRefs().stream()
        .map(builds::image)
        .flatMap(Optional::stream)
        .filter(image -> !image.liveUpdate().isEmpty() && lastDeployed.containsKey(image.ref()))
        .toList();
  }

  private void stillRunning() {
    if (lastApplied.isEmpty()) {
      log.info("nothing of {} is deployed yet; save a file to try again", resource.name());
    } else if (lastDeployed.isEmpty()) {
      log.info("the last good deploy keeps running; save a file to try again");
    } else {
      log.info(
          "still running {}; save a file to try again",
          String.join(", ", lastDeployed.values().stream().map(ImageRef::toString).toList()));
    }
  }
}
