package dev.devd.exec;

import dev.devd.console.ResourceLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no process of a {@code devd up} outlives it, however it detached and however devd
 * ended: records the run in {@code .devd/run.properties} ({@link RunRecord}), moves devd into a
 * cgroup of its own where it may create one ({@link RunCgroup}), ends what an earlier {@code devd
 * up} of the project left running when it was killed (and says how many), and when devd exits ends
 * whatever its commands left behind.
 *
 * <p>A process belongs to the run when it carries the run's {@link ProcessMarker} mark or sits in
 * the run's cgroup; devd ends no other process.
 */
public final class RunTracker {
  private static final Logger log = LoggerFactory.getLogger(RunTracker.class);

  private final Path stateDir;
  private final RunRecord record;

  private RunTracker(Path stateDir, RunRecord record) {
    this.stateDir = stateDir;
    this.record = record;
  }

  /**
   * Called by {@code devd up} before it starts any command: ends the processes an earlier, killed
   * {@code devd up} of the project ({@code stateDir} is its {@code .devd}) left running, then
   * records this run and, at devd's exit, ends what is left of it. Does nothing while the devd of
   * the earlier record still runs.
   */
  public static void start(Path stateDir) {
    Optional<RunRecord> earlier = RunRecord.readFrom(stateDir);
    if (earlier.isPresent()
        && earlier.get().pid() != ProcessHandle.current().pid()
        && earlier.get().devdRuns()) {
      log.debug(
          "the devd up of {} (pid {}) still runs; not recording this run",
          stateDir,
          earlier.get().pid());
      return;
    }
    earlier.ifPresent(RunTracker::endLeftovers);
    String run = ProcessMarker.thisRun().run();
    Optional<RunCgroup> cgroup = RunCgroup.create(run);
    RunRecord record = RunRecord.ofThisProcess(run, cgroup.map(RunCgroup::dir));
    try {
      record.writeTo(stateDir);
    } catch (IOException e) {
      ResourceLog.devd()
          .warn(
              "warning: cannot write {}: {}; if devd is killed, the next devd up cannot end what it"
                  + " leaves running",
              stateDir.resolve(RunRecord.NAME),
              e.getMessage());
    }
    RunTracker tracker = new RunTracker(stateDir, record);
    Runtime.getRuntime().addShutdownHook(new Thread(tracker::end, "devd-run-end"));
  }

  /**
   * For a second Ctrl-C, "stop at once": KILL every process of this run now, without a grace
   * period, since devd exits without waiting for anything.
   */
  public static void killAllNow() {
    new ProcessTreeKiller(Duration.ZERO).end("devd's commands", RunTracker::thisRunsProcesses);
  }

  private static void endLeftovers(RunRecord earlier) {
    Optional<RunCgroup> group = earlier.cgroup().flatMap(RunCgroup::at);
    int ended =
        new ProcessTreeKiller(ProcessRunner.DEFAULT_GRACE_PERIOD)
            .end(
                "the processes left by the devd up with pid " + earlier.pid(),
                () -> processesOf(earlier.run(), group));
    group.ifPresent(RunCgroup::remove);
    if (ended > 0) {
      ResourceLog.devd()
          .info(
              "ended {} left by an earlier devd up that was killed (pid {})",
              processes(ended),
              earlier.pid());
    }
  }

  private void end() {
    int ended =
        new ProcessTreeKiller(ProcessRunner.DEFAULT_GRACE_PERIOD)
            .end("what devd's commands left running", RunTracker::thisRunsProcesses);
    if (ended > 0)
      ResourceLog.devd().info("ended {} that devd's commands had started", processes(ended));
    RunCgroup.current()
        .ifPresent(
            group -> {
              group.leave();
              group.remove();
            });
    try {
      record.deleteFrom(stateDir);
    } catch (IOException e) {
      log.debug("cannot delete {}", stateDir.resolve(RunRecord.NAME), e);
    }
  }

  private static Collection<ProcessHandle> thisRunsProcesses() {
    return processesOf(ProcessMarker.thisRun().run(), RunCgroup.current());
  }

  private static Collection<ProcessHandle> processesOf(String run, Optional<RunCgroup> group) {
    Set<ProcessHandle> found =
        new LinkedHashSet<>(ProcessFinder.marked(ProcessMarker.everyCommandOf(run)));
    group.ifPresent(g -> found.addAll(g.members()));
    return found;
  }

  private static String processes(int count) {
    return count == 1 ? "1 process" : count + " processes";
  }
}
