package dev.devd.engine;

import dev.devd.runtime.Deployer;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.RegistryTarget;
import dev.devd.runtime.AppliedResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * {@code devd ci}: every target's pass once, with no watching (at most {@code maxParallelUpdates} at a time), then a
 * wait until every deployed workload is healthy. The outcome names the first problem a user must fix.
 */
public final class CiRun {

  /** How the run ended: empty problem means every workload is healthy. */
  public record Outcome(Optional<String> problem) {
    public boolean success() {
      return problem.isEmpty();
    }
  }

  private final ProjectModel model;
  private final Optional<Deployer> deployer;
  private final DevSession.Options options;
  private final ResourceLog log = ResourceLog.devd();

  public CiRun(ProjectModel model, Optional<Deployer> deployer, DevSession.Options options) {
    this.model = model;
    this.deployer = deployer;
    this.options = options;
  }

  /** Builds and deploys everything once and waits for health, within {@code timeout} overall. */
  public Outcome run(Duration timeout) throws InterruptedException {
    Instant deadline = Clock.systemUTC().instant().plus(timeout);
    ProcessRunner buildRunner = new ProcessRunner(options.gracePeriod());
    RegistryTarget registry = RegistryTarget.of(model.config().defaultRegistry(), deployer.flatMap(Deployer::clusterRegistry));
    ImageBuilds builds = new ImageBuilds(new ImageBuilder(buildRunner, options.windows()), new BuildTags(options.clock()));
    builds.update(model.config().images(), registry, DevSession.settlerFor(model, deployer, buildRunner, registry));
    List<Targets.Target> targets = Targets.of(model, builds, deployer, registry, options, name -> true, name -> {});
    try {
      Optional<String> failure = runAll(targets);
      if (failure.isPresent()) return new Outcome(failure);
      List<AppliedResources> applied = new ArrayList<>();
      for (Targets.Target target : targets) {
        if (target.pass() instanceof DeployPass deploy) deploy.lastApplied().ifPresent(applied::add);
      }
      if (deployer.isEmpty() || applied.isEmpty()) return new Outcome(Optional.empty());
      log.info("waiting for {} to be healthy", applied.size() == 1 ? "1 resource" : applied.size() + " resources");
      Duration left = Duration.between(Clock.systemUTC().instant(), deadline);
      if (left.isNegative()) return new Outcome(Optional.of("the builds took longer than --timeout " + timeout));
      return new Outcome(deployer.get().awaitHealthy(applied, left));
    } finally {
      buildRunner.stopAll();
      for (Targets.Target target : targets) {
        target.runner().ifPresent(ProcessRunner::stopAll);
        target.pass().close();
      }
    }
  }

  // Runs every pass once on virtual threads, bounded like devd up; the first failure in target order wins.
  private Optional<String> runAll(List<Targets.Target> targets) throws InterruptedException {
    Semaphore parallel = new Semaphore(model.config().maxParallelUpdates());
    List<Thread> threads = new ArrayList<>();
    List<Optional<String>> results = new ArrayList<>();
    for (Targets.Target target : targets) {
      int index = results.size();
      results.add(Optional.empty());
      threads.add(Thread.ofVirtual().name("devd-ci-" + target.name()).start(() -> {
        try {
          parallel.acquire();
          try {
            PassResult result = target.pass().run(PassReason.first());
            if (!result.ok()) {
              String error = target.name() + ": " + result.error().orElse("failed");
              synchronized (results) {
                results.set(index, Optional.of(error));
              }
            }
          } finally {
            parallel.release();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread thread : threads) thread.join();
    synchronized (results) {
      return results.stream().flatMap(Optional::stream).findFirst();
    }
  }
}
