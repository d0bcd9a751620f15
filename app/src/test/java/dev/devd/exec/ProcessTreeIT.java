package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.devd.exec.ProcessResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real process trees: children, grandchildren, processes that ignore TERM, timeouts, live output.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the commands are sh scripts")
class ProcessTreeIT {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final Duration SHORT_GRACE = Duration.ofMillis(200);

  /**
   * A root shell with a child sleep and a child shell that has a grandchild sleep; every one writes
   * its pid to the file {@code pids} (4 lines when the tree is complete).
   */
  private static final String TREE =
      "echo $$ >> pids; sleep 300 & echo $! >> pids;"
          + " sh -c 'echo $$ >> pids; sleep 300 & echo $! >> pids; wait' & wait";

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<ProcessRunner> runners = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopLeftovers() {
    runners.forEach(ProcessRunner::stopAll); // so a failed test leaves no sleep 300 behind
  }

  private ProcessRunner runner(Duration grace) {
    ProcessRunner runner = new ProcessRunner(grace);
    runners.add(runner);
    return runner;
  }

  private static ProcessSpec sh(String script, Path dir) {
    return ProcessSpec.of(List.of("sh", "-c", script), dir);
  }

  @Test
  void stopEndsChildrenAndGrandchildren() throws Exception {
    RunningProcess process =
        runner(ProcessRunner.DEFAULT_GRACE_PERIOD).start(sh(TREE, dir), lines::add);
    List<Long> tree = awaitPids(dir, 4);
    assertThat(tree).contains(process.pid());
    assertThat(stillRunning(tree)).containsExactlyInAnyOrderElementsOf(tree);

    ProcessResult result = process.stop();

    assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(result.exitCode()).isEqualTo(128 + 15);
    assertThat(stillRunning(tree)).isEmpty();
    assertThat(process.isAlive()).isFalse();
    assertThat(process.onExit()).isCompletedWithValue(result);
  }

  @Test
  void stopEndsAProcessThatLeftTheTreeWithSetsidAndADoubleFork() throws Exception {
    // The subshell starts a new session, starts sleep in the background and exits: the sleep is
    // re-parented to init.
    String script = "echo $$ >> pids; setsid sh -c 'sleep 300 & echo $! >> pids' & wait; sleep 300";
    RunningProcess process =
        runner(ProcessRunner.DEFAULT_GRACE_PERIOD).start(sh(script, dir), lines::add);
    List<Long> pids = awaitPids(dir, 2);
    long daemon = pids.get(1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> // once the subshell that started it has exited
            assertThat(
                        ProcessHandle.of(process.pid())
                            .orElseThrow()
                            .descendants()
                            .map(ProcessHandle::pid))
                    .doesNotContain(daemon));

    process.stop();

    assertThat(stillRunning(pids)).isEmpty();
  }

  @Test
  void stopAfterTheCommandExitedEndsTheDaemonItLeftRunning() throws Exception {
    String script = "setsid sh -c 'sleep 300 > /dev/null 2>&1 & echo $! >> pids'";
    RunningProcess process =
        runner(ProcessRunner.DEFAULT_GRACE_PERIOD).start(sh(script, dir), lines::add);
    ProcessResult exited = process.onExit().get();
    List<Long> daemon = awaitPids(dir, 1);
    assertThat(stillRunning(daemon)).as("the daemon outlives its command").hasSize(1);

    ProcessResult result = process.stop();

    assertThat(result).isEqualTo(exited);
    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(stillRunning(daemon)).isEmpty();
  }

  @Test
  void stoppingOneCommandLeavesTheDaemonsOfOthersAlone() throws Exception {
    ProcessRunner runner = runner(ProcessRunner.DEFAULT_GRACE_PERIOD);
    Path other = Files.createDirectory(dir.resolve("other"));
    RunningProcess first =
        runner.start(
            sh("setsid sh -c 'sleep 300 & echo $! >> pids' & wait; sleep 300", dir), lines::add);
    runner.start(
        sh("setsid sh -c 'sleep 300 & echo $! >> pids' & wait; sleep 300", other), lines::add);
    List<Long> mine = awaitPids(dir, 1);
    List<Long> theirs = awaitPids(other, 1);

    first.stop();

    assertThat(stillRunning(mine)).isEmpty();
    assertThat(stillRunning(theirs)).hasSize(1);
  }

  @Test
  void interruptedRunStopsTheTreeAndSaysStopped() throws Exception {
    ProcessRunner runner = runner(ProcessRunner.DEFAULT_GRACE_PERIOD);
    AtomicReference<ProcessResult> result = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.set(runner.run(sh(TREE, dir), lines::add));
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                  } catch (ProcessStartException e) {
                    throw new AssertionError(e);
                  }
                });
    List<Long> tree = awaitPids(dir, 4);

    caller.interrupt();

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(result.get()).isNotNull());
    assertThat(result.get().outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(stillRunning(tree)).isEmpty();
  }

  @Test
  void termGivesTheCommandAChanceToCleanUp() throws Exception {
    String script =
        "trap 'echo cleaning up; exit 3' TERM; echo $$ >> pids; sleep 300 & echo $! >> pids; wait";
    RunningProcess process = runner(Duration.ofSeconds(30)).start(sh(script, dir), lines::add);
    List<Long> tree = awaitPids(dir, 2);

    ProcessResult result = process.stop();

    // Exit code 3 and the line come from the trap: the shell got TERM and exited by itself, not by
    // KILL.
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(lines).containsExactly("cleaning up");
    assertThat(stillRunning(tree)).isEmpty();
  }

  @Test
  void childThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
    // The subshell ignores TERM and execs sleep, which inherits that; the root shell dies of TERM
    // at once,
    // so the sleep is re-parented away from the tree before the grace period ends.
    String script = "echo $$ >> pids; (trap '' TERM; exec sleep 300) & echo $! >> pids; wait";
    RunningProcess process = runner(SHORT_GRACE).start(sh(script, dir), lines::add);
    List<Long> tree = awaitPids(dir, 2);

    ProcessResult result = process.stop();

    assertThat(result.exitCode()).isEqualTo(128 + 15);
    assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(stillRunning(tree)).isEmpty();
  }

  @Test
  void commandThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
    String script = "trap '' TERM; echo $$ >> pids; sleep 300 & echo $! >> pids; wait";
    RunningProcess process = runner(SHORT_GRACE).start(sh(script, dir), lines::add);
    List<Long> tree = awaitPids(dir, 2);

    ProcessResult result = process.stop();

    assertThat(result.exitCode()).isEqualTo(128 + 9);
    assertThat(result.outcome()).isEqualTo(Outcome.STOPPED);
    assertThat(stillRunning(tree)).isEmpty();
  }

  @Test
  void timeoutEndsTheTreeAndSaysTimedOut() throws Exception {
    Duration timeout = Duration.ofSeconds(2);

    ProcessResult result =
        runner(ProcessRunner.DEFAULT_GRACE_PERIOD)
            .run(sh(TREE, dir).withTimeout(timeout), lines::add);

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.exitCode()).isEqualTo(128 + 15);
    assertThat(result.duration()).isGreaterThanOrEqualTo(timeout);
    List<Long> tree = pids(dir);
    assertThat(tree).hasSize(4);
    assertThat(stillRunning(tree)).isEmpty();
  }

  @Test
  void commandThatEndsBeforeItsTimeoutExits() throws Exception {
    ProcessResult result =
        runner(ProcessRunner.DEFAULT_GRACE_PERIOD)
            .run(sh("echo quick", dir).withTimeout(Duration.ofMinutes(5)), lines::add);

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.succeeded()).isTrue();
    assertThat(lines).containsExactly("quick");
  }

  @Test
  void outputArrivesWhileTheCommandRuns() throws Exception {
    ProcessRunner runner = runner(ProcessRunner.DEFAULT_GRACE_PERIOD);
    assertThat(runner.run(ProcessSpec.of(List.of("mkfifo", "fifo"), dir), lines::add).succeeded())
        .isTrue();
    // The script blocks reading the fifo until the test writes to it, so it cannot end before that.
    RunningProcess process =
        runner.start(sh("echo waiting; read answer < fifo; echo \"got $answer\"", dir), lines::add);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(lines).containsExactly("waiting"));
    assertThat(process.isAlive()).isTrue();

    Files.writeString(dir.resolve("fifo"), "go\n");

    ProcessResult result = process.onExit().get();
    assertThat(result.succeeded()).isTrue();
    assertThat(lines).containsExactly("waiting", "got go");
  }

  @Test
  void runReturnsAlthoughABackgroundProcessKeepsTheOutputOpen() throws Exception {
    // The script exits but leaves a sleep behind that holds its stdout open; the pause lets the
    // pump block in
    // read() first, the case in which the JDK does not close the pipe for us.
    String script = "sleep 300 & echo $! >> pids; echo done; sleep 0.2; exit 0";
    ProcessRunner runner = runner(ProcessRunner.DEFAULT_GRACE_PERIOD);
    AtomicReference<ProcessResult> result = new AtomicReference<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.set(runner.run(sh(script, dir), lines::add));
              } catch (ProcessStartException e) {
                throw new AssertionError(e);
              }
            });
    try {
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(result.get()).isNotNull());
      assertThat(result.get().succeeded()).isTrue();
      assertThat(lines).containsExactly("done");
    } finally {
      pids(dir).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void stopAllStopsTreesRunFromSeveralVirtualThreads() throws Exception {
    ProcessRunner runner = runner(ProcessRunner.DEFAULT_GRACE_PERIOD);
    List<AtomicReference<ProcessResult>> results = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path treeDir = Files.createDirectory(dir.resolve("tree" + i));
      AtomicReference<ProcessResult> result = new AtomicReference<>();
      dirs.add(treeDir);
      results.add(result);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  result.set(runner.run(sh(TREE, treeDir), lines::add));
                } catch (ProcessStartException e) {
                  throw new AssertionError(e);
                }
              });
    }
    List<Long> all = new ArrayList<>();
    for (Path treeDir : dirs) all.addAll(awaitPids(treeDir, 4));

    runner.stopAll();

    assertThat(stillRunning(all)).isEmpty();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(results).allSatisfy(r -> assertThat(r.get()).isNotNull()));
    assertThat(results).allSatisfy(r -> assertThat(r.get().outcome()).isEqualTo(Outcome.STOPPED));
    assertThatThrownBy(() -> runner.start(sh("true", dir), lines::add))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage("cannot start \"sh\": devd is shutting down; start devd again");
  }

  private static List<Long> awaitPids(Path dir, int count) {
    AtomicReference<List<Long>> pids = new AtomicReference<>();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              pids.set(pids(dir));
              assertThat(pids.get()).hasSize(count);
            });
    return pids.get();
  }

  private static List<Long> pids(Path dir) throws IOException {
    Path file = dir.resolve("pids");
    if (!Files.exists(file)) return List.of();
    // Only complete lines: a shell may be half-way through writing its pid.
    String text = Files.readString(file);
    String complete = text.substring(0, text.lastIndexOf('\n') + 1);
    return complete.lines().map(Long::parseLong).toList();
  }

  /**
   * The pids that still belong to a running process. A zombie has already exited and only waits to
   * be reaped by init (which some container inits do only once a second), so it does not count.
   */
  private static List<Long> stillRunning(List<Long> pids) {
    return pids.stream()
        .filter(pid -> ProcessHandle.of(pid).isPresent() && !isZombie(pid))
        .toList();
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException e) {
      return !Files.isDirectory(
          Path.of("/proc/self")); // no /proc (macOS): its launchd reaps at once anyway
    }
  }
}
