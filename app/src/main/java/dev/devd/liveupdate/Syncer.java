package dev.devd.liveupdate;

import dev.devd.config.Cmd;
import dev.devd.config.DurationFormatter;
import dev.devd.console.ResourceLog;
import dev.devd.liveupdate.SyncResult.ContainerSync;
import dev.devd.liveupdate.SyncResult.NeedsFullUpdate;
import dev.devd.liveupdate.SyncResult.RunFailure;
import dev.devd.liveupdate.SyncResult.Synced;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a {@link SyncPlan} to every running container of an image through a {@link
 * ContainerTransport}: copies the files, removes the deleted ones, runs the {@code run} commands in
 * order and restarts the container or its process ({@link ProcessSupervisor}) if the plan says so,
 * and reports each step in the resource's log.
 *
 * <p>A failing {@code run} command is reported (its output streams to the log as it runs) and the
 * steps after it are skipped, but it asks for no rebuild: the files stay synced and the next change
 * tries again. Failing to copy, remove or restart leaves the container out of step with the
 * sources, so the result asks for a full build instead, with the transport's message as the reason,
 * which the engine prints. Safe to use from several threads.
 */
public final class Syncer {
  // A failed run command's result keeps this many of its last lines, for the status page; the log
  // has them all.
  private static final int LINES_KEPT = 20;

  private final ContainerTransport transport;

  public Syncer(ContainerTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * Applies {@code plan} to each container of {@code containers} that runs and is not
   * crash-looping, one after the other; returns what happened, or that a full build must follow and
   * why.
   */
  public SyncResult apply(SyncPlan plan, List<ContainerRef> containers, ResourceLog log) {
    List<ContainerRef> targets = containers.stream().filter(ContainerRef::canSync).toList();
    if (targets.isEmpty())
      return new NeedsFullUpdate("no container to copy the files into is running");
    SyncArchive archive = null;
    try {
      if (!plan.copies().isEmpty()) {
        try {
          archive = SyncArchive.of(plan.copies());
        } catch (IOException e) {
          log.debug("packing the changed files failed", e);
          return new NeedsFullUpdate("cannot pack the changed files: " + e.getMessage());
        }
      }
      List<ContainerSync> done = new ArrayList<>();
      for (ContainerRef container : targets) {
        Attempt attempt = syncOne(plan, archive, container, log);
        if (attempt.failure() != null) return new NeedsFullUpdate(attempt.failure());
        done.add(attempt.synced());
      }
      return new Synced(done);
    } finally {
      if (archive != null) archive.close();
    }
  }

  /** One container's outcome: what was done, or why a full build must follow. */
  private record Attempt(ContainerSync synced, String failure) {}

  private Attempt syncOne(
      SyncPlan plan, SyncArchive archive, ContainerRef container, ResourceLog log) {
    long start = System.nanoTime();
    String name = container.displayName();
    try {
      if (archive != null) transport.copy(container, archive);
      if (!plan.deletions().isEmpty()) transport.delete(container, plan.deletions());
    } catch (SyncException e) {
      // Transports name the container and the step in their messages.
      return failed(log, e.getMessage(), e);
    }
    int files = archive == null ? 0 : archive.files();
    if (archive != null || !plan.deletions().isEmpty()) {
      log.info(
          "live update: {} in {}", describe(files, plan.deletions().size(), name), since(start));
    }

    int succeeded = 0;
    Optional<RunFailure> failure = Optional.empty();
    for (Cmd cmd : plan.runs()) {
      failure = run(cmd, container, log);
      if (failure.isPresent()) break;
      succeeded++;
    }
    if (failure.isPresent()) {
      int skipped = plan.runs().size() - succeeded - 1;
      boolean restart = plan.restart() != SyncPlan.Restart.NONE;
      if (skipped > 0 || restart) {
        log.warn(
            "skipping {}{}{} in {}",
            skipped > 0 ? Counting.of(skipped, "later run step") : "",
            skipped > 0 && restart ? " and " : "",
            restart ? "the restart" : "",
            name);
      }
      log.info("the files stay synced in {}; save a file to try again", name);
    }

    boolean restarted = false;
    if (plan.restart() == SyncPlan.Restart.CONTAINER && failure.isEmpty()) {
      long restartStart = System.nanoTime();
      try {
        transport.restart(container);
      } catch (SyncException e) {
        return failed(log, "restarting " + name + " failed: " + e.getMessage(), e);
      }
      restarted = true;
      log.info("restarted {} in {}", name, since(restartStart));
    } else if (plan.restart() == SyncPlan.Restart.PROCESS && failure.isEmpty()) {
      long restartStart = System.nanoTime();
      try {
        restartProcess(container);
      } catch (SyncException e) {
        return failed(log, "restarting the process of " + name + " failed: " + e.getMessage(), e);
      }
      log.info("restarting the process of {} ({} to signal it)", name, since(restartStart));
    }
    return new Attempt(
        new ContainerSync(
            container,
            files,
            plan.deletions().size(),
            succeeded,
            failure,
            restarted,
            Duration.ofNanos(System.nanoTime() - start)),
        null);
  }

  /**
   * Signals the container's {@link ProcessSupervisor}; the container stays, so the synced files do
   * too.
   */
  private void restartProcess(ContainerRef container) throws SyncException {
    List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecResult result = transport.exec(container, ProcessSupervisor.triggerArgv(), output::add);
    if (!result.succeeded()) {
      throw SyncException.commandFailed(
          container,
          "to restart its process",
          "kill -HUP (devd's restartProcess" + " supervisor)",
          result.exitCode(),
          output,
          List.of("sh"));
    }
  }

  private Optional<RunFailure> run(Cmd cmd, ContainerRef container, ResourceLog log) {
    String shown = cmd.display();
    log.info("run \"{}\" in {}", shown, container.displayName());
    Deque<String> last = new ArrayDeque<>();
    long start = System.nanoTime();
    try {
      ExecResult result =
          transport.exec(
              container,
              argv(cmd),
              line -> {
                log.output(line);
                synchronized (last) {
                  if (last.size() == LINES_KEPT) last.removeFirst();
                  last.addLast(line);
                }
              });
      List<String> output;
      synchronized (last) {
        output = List.copyOf(last);
      }
      if (result.succeeded()) {
        log.debug("run \"{}\" in {} took {}", shown, container.displayName(), since(start));
        return Optional.empty();
      }
      String problem =
          "exited with "
              + result.exitCode()
              + " after "
              + DurationFormatter.format(result.duration());
      log.error(
          "run \"{}\" failed in {}: {}{}",
          shown,
          container.displayName(),
          problem,
          output.isEmpty() ? " (no output)" : " (its output is above)");
      return Optional.of(new RunFailure(container.displayName(), shown, problem, output));
    } catch (SyncException e) {
      log.error("run \"{}\" failed in {}: {}", shown, container.displayName(), e.getMessage());
      log.debug("run \"" + shown + "\" failed", e);
      return Optional.of(new RunFailure(container.displayName(), shown, e.getMessage(), List.of()));
    }
  }

  /**
   * A script runs through {@code /bin/sh -c}; the full path because podman kube play gives a
   * container no PATH when its image sets none (seen with images built from scratch), and POSIX
   * images keep their shell there.
   */
  static List<String> argv(Cmd cmd) {
    return cmd.isShell() ? List.of("/bin/sh", "-c", cmd.script()) : cmd.argv();
  }

  private static String describe(int files, int removed, String container) {
    if (removed == 0) return Counting.of(files, "file") + " copied to " + container;
    if (files == 0 && removed > 0)
      return Counting.of(removed, "path") + " removed from " + container;
    return Counting.of(files, "file")
        + " copied to "
        + container
        + " and "
        + Counting.of(removed, "path")
        + " removed";
  }

  private static Attempt failed(ResourceLog log, String reason, SyncException e) {
    log.debug(reason, e);
    return new Attempt(null, reason);
  }

  private static String since(long startNanos) {
    return DurationFormatter.format(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** "1 file", "2 files". */
  private static final class Counting {
    static String of(int count, String singular) {
      return count + " " + (count == 1 ? singular : singular + "s");
    }
  }
}
