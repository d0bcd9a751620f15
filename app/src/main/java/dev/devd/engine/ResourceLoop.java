package dev.devd.engine;

import dev.devd.config.DurationFormatter;
import dev.devd.console.ResourceLog;
import dev.devd.status.PassEnd;
import dev.devd.status.PassKind;
import dev.devd.status.PassStart;
import dev.devd.status.StatusBoard;
import dev.devd.watch.ChangeBatch;
import dev.devd.watch.Debouncer;
import dev.devd.watch.FileChange;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps one target up to date on its own thread: waits for changes, closes a batch after the quiet
 * period, runs a pass, and repeats. A platform thread, not a virtual one: the end of a quiet period
 * then wakes the loop directly, where a virtual thread goes through the JDK's unparker thread and a
 * carrier (about 0.4 ms more from save to command, measured with scripts/bench), and a project has
 * tens of targets, not thousands. Changes that arrive during a pass wait in the inbox and cause
 * exactly one more pass after it; a pass is never cancelled by a change. At most {@code
 * maxParallelUpdates} passes of all loops run at once. A disabled target ignores changes until
 * enabled again.
 */
public final class ResourceLoop {
  private sealed interface Signal {}

  private record Changed(FileChange change, Set<String> images, long sequence) implements Signal {}

  private record Trigger() implements Signal {}

  private record Recheck() implements Signal {}

  private record Enable(boolean enabled) implements Signal {}

  private record Stop() implements Signal {}

  private final LoopSettings settings;
  private final LoopContext context;
  private final UpdatePass pass;
  private final ResourceLog log;
  private final LinkedBlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
  private final AtomicInteger passes = new AtomicInteger();
  private final CompletableFuture<Void> firstSuccess = new CompletableFuture<>();
  private final CompletableFuture<PassResult> firstOutcome = new CompletableFuture<>();
  private Thread thread;

  public ResourceLoop(LoopSettings settings, LoopContext context, UpdatePass pass) {
    this.settings = settings;
    this.context = context;
    this.pass = pass;
    this.log = new ResourceLog(settings.name());
  }

  public String name() {
    return settings.name();
  }

  /**
   * Starts the loop after each of {@code after} has had a successful pass ({@code resourceDeps}): a
   * database is up before the service that needs it is deployed. Its first pass runs at once unless
   * the target has {@code autoInit: false}.
   */
  public void start(List<ResourceLoop> after) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("devd-loop-" + name())
            .start(
                () -> {
                  try {
                    for (ResourceLoop dep : after) {
                      if (!dep.firstSuccess.isDone())
                        log.info(
                            "waiting for {} to be up to date first (resourceDeps)", dep.name());
                      dep.firstSuccess.get();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (ExecutionException e) {
                    return;
                  }
                  run();
                });
  }

  /**
   * A watched path of this target changed. Called from the watcher's thread; never blocks.
   *
   * @param images the target's images whose deps hold the path (none for a local resource)
   * @param sequence the change's {@link ChangeSequence} number
   */
  public void changed(FileChange change, Set<String> images, long sequence) {
    inbox.add(new Changed(change, images, sequence));
  }

  /**
   * Runs a pass now with whatever changes are pending (the user asked for it); a build always runs.
   */
  public void trigger() {
    inbox.add(new Trigger());
  }

  /**
   * The target's containers changed (one restarted, stopped or started): check whether they need
   * anything.
   */
  public void recheck() {
    inbox.add(new Recheck());
  }

  /** Stops or resumes reacting to changes; a target enabled again is brought up to date at once. */
  public void enable(boolean enabled) {
    inbox.add(new Enable(enabled));
  }

  /** How many passes have started doing something, for status and tests. */
  public int passCount() {
    return passes.get();
  }

  /**
   * How the first pass ended; never completes when the loop waits for a dependency or a trigger.
   */
  public CompletableFuture<PassResult> firstOutcome() {
    return firstOutcome;
  }

  /**
   * Asks the loop to end after the current pass and waits for it; then closes what the target keeps
   * running.
   */
  public void stop(Duration wait) throws InterruptedException {
    inbox.add(new Stop());
    if (thread != null) {
      thread
          .interrupt(); // ends a wait for resourceDeps; a running pass's command is stopped by its
      // runner
      thread.join(wait);
    }
    pass.close();
  }

  private void run() {
    Debouncer debouncer = new Debouncer(name(), settings.debounce(), settings.maxWait());
    Map<String, Long> latestChanges = new HashMap<>();
    boolean enabled = true;
    try {
      if (settings.autoInit()) runPass(PassReason.first());
      while (true) {
        Signal signal = next(debouncer);
        switch (signal) {
          case null -> {
            ChangeBatch batch = debouncer.takeIfDue(context.clock().instant()).orElse(null);
            if (batch != null) runPass(PassReason.changed(batch.paths(), takeAll(latestChanges)));
          }
          case Changed changed -> {
            if (!enabled) continue;
            debouncer.add(changed.change());
            changed
                .images()
                .forEach(image -> latestChanges.merge(image, changed.sequence(), Math::max));
            context.board().pendingChanges(name(), debouncer.size());
          }
          case Trigger ignored -> {
            if (!enabled) {
              log.info("not updating: it is disabled; `devd enable {}` turns it on again", name());
              continue;
            }
            List<java.nio.file.Path> pending =
                debouncer.isEmpty() ? List.of() : debouncer.take().paths();
            runPass(PassReason.triggered(pending, takeAll(latestChanges)));
          }
          case Recheck ignored -> {
            if (enabled) recheck(debouncer);
          }
          case Enable enable -> {
            if (enable.enabled() == enabled) continue;
            enabled = enable.enabled();
            context.board().enabled(name(), enabled);
            if (enabled) {
              log.info("enabled");
              runPass(PassReason.enabled());
            } else {
              if (!debouncer.isEmpty()) debouncer.take();
              latestChanges.clear();
              pass.close();
              context.board().pendingChanges(name(), 0);
              log.info("disabled: changes are ignored until `devd enable {}`", name());
            }
          }
          case Stop ignored -> {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      firstOutcome.completeExceptionally(e);
      log.error(
          "internal error: {} (details in .devd/devd.log); this resource stops updating",
          e.getMessage());
      log.debug("loop of " + name() + " failed", e);
    }
  }

  private static Map<String, Long> takeAll(Map<String, Long> latestChanges) {
    Map<String, Long> taken = Map.copyOf(latestChanges);
    latestChanges.clear();
    return taken;
  }

  // The next signal, or null when the open batch is due (manual targets keep collecting until
  // triggered).
  private Signal next(Debouncer debouncer) throws InterruptedException {
    if (debouncer.isEmpty() || !settings.autoTrigger()) return inbox.take();
    Instant due = debouncer.dueAt().orElseThrow();
    long waitNanos = Duration.between(context.clock().instant(), due).toNanos();
    if (waitNanos <= 0) return inbox.poll();
    return inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
  }

  // Several rechecks that queued up while a pass ran need one look, and pending file changes go
  // first. A look that
  // finds nothing to do leaves the board as it was.
  private void recheck(Debouncer debouncer) throws InterruptedException {
    inbox.removeIf(signal -> signal instanceof Recheck);
    if (!debouncer.isEmpty()) return;
    runPass(PassReason.containers(), false);
  }

  private void runPass(PassReason reason) throws InterruptedException {
    runPass(reason, true);
  }

  /**
   * Runs one pass, shown on the board from the moment it says what it does; {@code shown} passes
   * appear there even when they find nothing to do.
   */
  private void runPass(PassReason reason, boolean shown) throws InterruptedException {
    StatusBoard board = context.board();
    context.parallelUpdates().acquire();
    try {
      String why = reason.describe(settings.root());
      boolean[] started = {false};
      Consumer<PassKind> starts =
          kind -> {
            if (started[0]) return;
            started[0] = true;
            passes.incrementAndGet();
            log.info("update: {}", why);
            board.pendingChanges(name(), 0);
            board.passStarted(name(), new PassStart(why, kind));
          };
      if (shown) board.pendingChanges(name(), 0);
      Instant begun = context.clock().instant();
      PassResult result = pass.run(reason, starts);
      if (!started[0] && (shown || !result.ok())) starts.accept(result.kind());
      if (started[0]) {
        board.passEnded(
            name(),
            new PassEnd(
                result.kind(),
                result.ok(),
                result.error(),
                result.deployed(),
                result.syncedFiles()));
        String took = DurationFormatter.format(Duration.between(begun, context.clock().instant()));
        if (!result.ok()) log.info("update failed after {}", took);
        else if (result.kind() != PassKind.NOTHING)
          log.info(
              "up to date in {}{}", took, result.note().map(note -> " (" + note + ")").orElse(""));
      }
      if (reason.kind() != PassReason.Kind.CONTAINERS) {
        firstOutcome.complete(result);
        if (result.ok()) firstSuccess.complete(null);
      }
    } finally {
      context.parallelUpdates().release();
    }
  }
}
