package dev.devd.engine;

import dev.devd.config.DurationFormatter;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.status.PassKind;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pass of an image that no Kubernetes YAML deploys: build it (and the images it depends on)
 * when their files changed. The pass ends when the build command succeeds.
 */
final class ImageOnlyPass implements UpdatePass {
  private final String imageRef;
  private final ImageBuilds builds;
  private final ResourceLog log;

  ImageOnlyPass(String imageRef, ImageBuilds builds, ResourceLog log) {
    this.imageRef = imageRef;
    this.builds = builds;
    this.log = log;
  }

  @Override
  public PassResult run(PassReason reason, Consumer<PassKind> starts) {
    List<ImageConfig> chain = builds.withDependencies(List.of(imageRef));
    boolean force = reason.kind() == PassReason.Kind.TRIGGERED;
    if (force
        || chain.stream()
            .anyMatch(image -> builds.isStale(image.ref(), reason.latestChange(image.ref())))) {
      starts.accept(PassKind.BUILD);
    }
    Steps steps = new Steps(log, builds.stepsToBuild(chain, reason.latestChanges(), force));
    try {
      ImageBuilds.Result result = null;
      for (ImageConfig image : chain) {
        result =
            builds.ensureBuilt(image.ref(), reason.latestChange(image.ref()), force, log, steps);
      }
      if (result.builtNow())
        log.info(
            "built {} in {}",
            result.deployRef(),
            DurationFormatter.format(result.built().orElseThrow().duration()));
      PassKind kind =
          result.builtNow()
              ? PassKind.BUILD
              : result.cached().isPresent() ? PassKind.CACHED : PassKind.NOTHING;
      return PassResult.deployed(kind, result.deployRef().toString());
    } catch (BuildFailedException e) {
      log.error("{}", e.getMessage());
      log.info("save a file to try again");
      return PassResult.failure(PassKind.BUILD, e.getMessage());
    }
  }
}
