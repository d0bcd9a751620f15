package dev.devd.engine;

import dev.devd.config.DurationFormatter;
import dev.devd.console.ResourceLog;
import dev.devd.runtime.AppliedResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code devd ci}: every target's first pass, in the order {@code resourceDeps} asks for and at
 * most {@code maxParallelUpdates} at a time, with no watching; then a wait until every deployed
 * workload is healthy. The outcome names the first problem a user must fix. Targets with {@code
 * autoInit: false} wait for a trigger that never comes in CI, so they are left out.
 */
public final class CiRun {

  /** How the run ended: empty problem means every workload is healthy. */
  public record Outcome(Optional<String> problem) {
    public boolean success() {
      return problem.isEmpty();
    }
  }

  private final ProjectModel model;
  private final SessionParts parts;
  private final ResourceLog log = ResourceLog.devd();

  public CiRun(ProjectModel model, SessionParts parts) {
    this.model = model;
    this.parts = parts;
  }

  /** Builds and deploys everything once and waits for health, within {@code timeout} overall. */
  public Outcome run(Duration timeout) throws InterruptedException {
    Clock clock = Clock.systemUTC();
    Instant deadline = clock.instant().plus(timeout);
    try (TargetLoops loops = new TargetLoops(parts);
        var cache = parts.cache()) {
      cache.update(model.config()); // no watcher in CI: the digests are computed once
      loops.apply(model);
      List<TargetLoops.Running> targets =
          loops.all().stream().filter(running -> running.target().loop().autoInit()).toList();
      Optional<String> failure = firstPasses(targets, deadline, timeout);
      if (failure.isPresent()) return new Outcome(failure);
      List<AppliedResources> applied = new ArrayList<>();
      for (TargetLoops.Running running : targets) {
        if (running.target().pass() instanceof DeployPass deploy)
          deploy.lastApplied().ifPresent(applied::add);
      }
      if (parts.runtime().isEmpty() || applied.isEmpty()) return new Outcome(Optional.empty());
      log.info(
          "waiting for {} to be healthy",
          applied.size() == 1 ? "1 resource" : applied.size() + " resources");
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative())
        return new Outcome(
            Optional.of(
                "the builds took longer than --timeout " + DurationFormatter.format(timeout)));
      return new Outcome(parts.runtime().get().health().awaitHealthy(applied, left));
    }
  }

  // Waits until every first pass ended or one failed: a target waiting for a failed dependency
  // never starts, and the
  // failure is what the user must fix. The first failure in target order is reported.
  private Optional<String> firstPasses(
      List<TargetLoops.Running> targets, Instant deadline, Duration timeout)
      throws InterruptedException {
    List<CompletableFuture<PassResult>> outcomes =
        targets.stream().map(running -> running.loop().firstOutcome()).toList();
    CompletableFuture<Object> anyFailure = new CompletableFuture<>();
    outcomes.forEach(
        outcome ->
            outcome.thenAccept(
                result -> {
                  if (!result.ok()) anyFailure.complete(result);
                }));
    CompletableFuture<Object> allEnded =
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done -> done);
    try {
      CompletableFuture.anyOf(anyFailure, allEnded)
          .get(
              Math.max(0, Duration.between(Clock.systemUTC().instant(), deadline).toMillis()),
              TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a first pass ended with an exception", e.getCause());
    } catch (TimeoutException e) {
      return Optional.of(
          "the builds took longer than --timeout " + DurationFormatter.format(timeout));
    }
    for (int i = 0; i < targets.size(); i++) {
      PassResult result = outcomes.get(i).getNow(null);
      if (result != null && !result.ok()) {
        return Optional.of(targets.get(i).target().name() + ": " + result.error().orElse("failed"));
      }
    }
    return Optional.empty();
  }
}
