package dev.devd.engine;

import dev.devd.console.ResourceLog;
import dev.devd.status.StatusBoard;
import dev.devd.watch.ChangeBatch;
import dev.devd.watch.Debouncer;
import dev.devd.watch.FileChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one target up to date on its own thread: waits for changes, closes a batch after the quiet period, runs a
 * pass, and repeats. A platform thread, not a virtual one: the end of a quiet period then wakes the loop directly,
 * where a virtual thread goes through the JDK's unparker thread and a carrier (about 0.4 ms more from save to command,
 * measured with scripts/bench), and a project has tens of targets, not thousands. Changes that arrive during a pass wait in the inbox and cause exactly one more pass
 * after it; a pass is never cancelled by a change. At most {@code maxParallelUpdates} passes of all loops run at once.
 */
public final class ResourceLoop {
  private sealed interface Signal {}

  private record Changed(FileChange change) implements Signal {}

  private record Trigger() implements Signal {}

  private record Recheck() implements Signal {}

  private record Stop() implements Signal {}

  private final String name;
  private final UpdatePass pass;
  private final Duration debounce;
  private final Duration maxWait;
  private final Semaphore parallelUpdates;
  private final Clock clock;
  private final boolean autoTrigger;
  private final ResourceLog log;
  private final java.nio.file.Path root;
  private final StatusBoard board;
  private final LinkedBlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
  private final AtomicInteger passes = new AtomicInteger();
  private final CompletableFuture<Void> firstSuccess = new CompletableFuture<>();
  private Thread thread;

  public ResourceLoop(String name, UpdatePass pass, Duration debounce, Duration maxWait, Semaphore parallelUpdates,
      Clock clock, boolean autoTrigger, java.nio.file.Path root, StatusBoard board) {
    this.board = board;
    this.name = name;
    this.pass = pass;
    this.debounce = debounce;
    this.maxWait = maxWait;
    this.parallelUpdates = parallelUpdates;
    this.clock = clock;
    this.autoTrigger = autoTrigger;
    this.root = root;
    this.log = new ResourceLog(name);
  }

  public String name() {
    return name;
  }

  /** Starts the loop; with {@code firstPass} it brings the target up to date before waiting for changes. */
  public void start(boolean firstPass) {
    start(firstPass, List.of());
  }

  /**
   * Starts the loop after each of {@code after} has had a successful pass ({@code resourceDeps}): a database is
   * up before the service that needs it is deployed.
   */
  public void start(boolean firstPass, List<ResourceLoop> after) {
    thread = Thread.ofPlatform().daemon().name("devd-loop-" + name).start(() -> {
      try {
        for (ResourceLoop dep : after) {
          if (!dep.firstSuccess.isDone()) log.info("waiting for {} to be up to date first (resourceDeps)", dep.name());
          dep.firstSuccess.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        return;
      }
      run(firstPass);
    });
  }

  /** A watched path of this target changed. Called from the watcher's thread; never blocks. */
  public void changed(FileChange change) {
    inbox.add(new Changed(change));
  }

  /** Runs a pass now with whatever changes are pending (the user asked for it). */
  public void trigger() {
    inbox.add(new Trigger());
  }

  /** The target's containers changed (one restarted, stopped or started): check whether they need anything. */
  public void recheck() {
    inbox.add(new Recheck());
  }

  /** How many passes have started, for status and tests. */
  public int passCount() {
    return passes.get();
  }

  /** Asks the loop to end after the current pass and waits for it; then closes what the target keeps running. */
  public void stop(Duration wait) throws InterruptedException {
    inbox.add(new Stop());
    if (thread != null) {
      thread.interrupt(); // ends a wait for resourceDeps; a running pass's command is stopped by its runner
      thread.join(wait);
    }
    pass.close();
  }

  private void run(boolean firstPass) {
    Debouncer debouncer = new Debouncer(name, debounce, maxWait);
    try {
      if (firstPass) runPass(PassReason.first());
      while (true) {
        Signal signal = next(debouncer);
        switch (signal) {
          case null -> {
            ChangeBatch batch = debouncer.takeIfDue(clock.instant()).orElse(null);
            if (batch != null) runPass(PassReason.changed(batch.paths()));
          }
          case Changed changed -> {
            debouncer.add(changed.change());
            board.pendingChanges(name, debouncer.size());
          }
          case Trigger ignored -> runPass(PassReason.triggered(debouncer.isEmpty() ? List.of() : debouncer.take().paths()));
          case Recheck ignored -> recheck(debouncer);
          case Stop ignored -> {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("internal error: {} (details in .devd/devd.log); this resource stops updating", e.getMessage());
      log.debug("loop of " + name + " failed", e);
    }
  }

  // The next signal, or null when the open batch is due (manual targets keep collecting until triggered).
  private Signal next(Debouncer debouncer) throws InterruptedException {
    if (debouncer.isEmpty() || !autoTrigger) return inbox.take();
    Instant due = debouncer.dueAt().orElseThrow();
    long waitNanos = Duration.between(clock.instant(), due).toNanos();
    if (waitNanos <= 0) {
      Signal waiting = inbox.poll();
      return waiting;
    }
    return inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
  }

  // Several rechecks that queued up while a pass ran need one look, and pending file changes go first.
  private void recheck(Debouncer debouncer) throws InterruptedException {
    inbox.removeIf(signal -> signal instanceof Recheck);
    if (!debouncer.isEmpty()) return;
    parallelUpdates.acquire();
    try {
      PassResult result = pass.run(PassReason.containers());
      if (!result.ok()) board.passEnded(name, false, result.error(), result.deployed());
    } finally {
      parallelUpdates.release();
    }
  }

  private void runPass(PassReason reason) throws InterruptedException {
    parallelUpdates.acquire();
    try {
      passes.incrementAndGet();
      String why = reason.describe(root);
      log.info("update: {}", why);
      board.pendingChanges(name, 0);
      board.passStarted(name, why);
      PassResult result = pass.run(reason);
      board.passEnded(name, result.ok(), result.error(), result.deployed());
      if (result.ok()) firstSuccess.complete(null);
    } finally {
      parallelUpdates.release();
    }
  }
}
