package dev.devd.engine;

import dev.devd.custombuild.BuildFailedException;
import dev.devd.config.DurationFormatter;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import java.util.List;

/**
 * The pass of an image that no Kubernetes YAML deploys: build it (and the images it depends on) when their files
 * changed. The pass ends when the build command succeeds.
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
  public PassResult run(PassReason reason) {
    List<ImageConfig> chain = builds.withDependencies(List.of(imageRef));
    boolean force = reason.kind() == PassReason.Kind.TRIGGERED;
    Steps steps = new Steps(log, builds.stepsToBuild(chain, reason.latestChanges(), force));
    try {
      ImageBuilds.Result result = null;
      for (ImageConfig image : chain) {
        result = builds.ensureBuilt(image.ref(), reason.latestChange(image.ref()), force, log, steps);
      }
      if (result.builtNow()) log.info("built {} in {}", result.deployRef(), DurationFormatter.format(result.built().orElseThrow().duration()));
      PassResult.Kind kind = result.builtNow() ? PassResult.Kind.BUILD
          : result.cached().isPresent() ? PassResult.Kind.CACHED : PassResult.Kind.NOTHING;
      return PassResult.deployed(kind, result.deployRef().toString());
    } catch (BuildFailedException e) {
      log.error("{}", e.getMessage());
      log.info("save a file to try again");
      return PassResult.failure(PassResult.Kind.BUILD, e.getMessage());
    }
  }
}
