package dev.devd.engine;

import dev.devd.build.BuildFailedException;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import dev.devd.k8s.AppliedResources;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestRenderer;
import dev.devd.render.RenderOptions;
import dev.devd.render.RenderedManifests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pass of a deployed resource: build its images that changed (their image deps first), settle their immutable
 * tags, render its YAML with them, apply it, and keep observing its pods. A failed build applies nothing: what runs
 * keeps running.
 */
final class DeployPass implements UpdatePass {
  private final K8sResource resource;
  private final ImageBuilds builds;
  private final RenderOptions renderOptions;
  private final Deployer deployer;
  private final ResourceLog log;
  private final ManifestRenderer renderer = new ManifestRenderer();
  private volatile Optional<AppliedResources> lastApplied = Optional.empty();
  private Map<String, ImageRef> lastDeployed = Map.of();

  DeployPass(K8sResource resource, ImageBuilds builds, RenderOptions renderOptions, Deployer deployer, ResourceLog log) {
    this.resource = resource;
    this.builds = builds;
    this.renderOptions = renderOptions;
    this.deployer = deployer;
    this.log = log;
  }

  @Override
  public PassResult run(PassReason reason) {
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
      deployer.observe(resource, applied, log);
      return PassResult.deployed(deployRefs.isEmpty() ? resource.name()
          : String.join(", ", deployRefs.values().stream().map(ImageRef::toString).toList()));
    } catch (DeployException e) {
      log.error("deploy failed: {}", e.getMessage());
      log.debug("deploy of " + resource.name() + " failed", e);
      stillRunning();
      return PassResult.failure("deploy failed: " + e.getMessage());
    }
  }

  /** What the last successful pass applied, for {@code devd ci}'s readiness check. */
  Optional<AppliedResources> lastApplied() {
    return lastApplied;
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
