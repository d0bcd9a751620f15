package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.Cmd;
import dev.devd.console.ResourceLog;
import dev.devd.exec.OutputSink;
import dev.devd.liveupdate.SyncResult.NeedsFullUpdate;
import dev.devd.liveupdate.SyncResult.Synced;
import dev.devd.testing.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of a live update's steps across containers, and which failures ask for a full build.
 * The container runtime is played by {@link ScriptedRuntime}, which records what reaches it;
 * PodmanLiveUpdateIT runs the same steps against real containers.
 */
class SyncerTest {
  @TempDir Path dir;
  ConsoleCapture console;
  ScriptedRuntime runtime = new ScriptedRuntime();
  Syncer syncer = new Syncer(runtime);
  ResourceLog log = new ResourceLog("web");
  SyncPlan plan;

  @BeforeEach
  void setUp() throws Exception {
    console = new ConsoleCapture();
    Files.writeString(dir.resolve("a.js"), "a");
    plan =
        new SyncPlan(
            List.of(new FileCopy(dir.resolve("a.js"), "/app/a.js")),
            List.of("/app/old.js"),
            List.of(Cmd.shell("npm run build"), Cmd.argv(List.of("touch", "/tmp/reload"))),
            SyncPlan.Restart.CONTAINER);
  }

  @AfterEach
  void tearDown() {
    console.close();
  }

  @Test
  void appliesEveryStepToEachRunningContainerInOrder() {
    SyncResult result =
        syncer.apply(
            plan,
            List.of(container("w1", true), container("w2", false), container("w3", true)),
            log);

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced -> {
              assertThat(synced.containers())
                  .extracting(c -> c.container().displayName())
                  .containsExactly("w1/web", "w3/web");
              assertThat(synced.containers().getFirst().filesCopied()).isEqualTo(1);
              assertThat(synced.containers().getFirst().pathsRemoved()).isEqualTo(1);
              assertThat(synced.containers().getFirst().runsSucceeded()).isEqualTo(2);
              assertThat(synced.failedRun()).isEmpty();
            });
    assertThat(runtime.calls)
        .containsExactly(
            "copy w1 1 file(s), 10240 bytes",
            "delete w1 [/app/old.js]",
            "exec w1 [/bin/sh, -c, npm run build]",
            "exec w1 [touch, /tmp/reload]",
            "restart w1",
            "copy w3 1 file(s), 10240 bytes",
            "delete w3 [/app/old.js]",
            "exec w3 [/bin/sh, -c, npm run build]",
            "exec w3 [touch, /tmp/reload]",
            "restart w3");
    assertThat(console.lines())
        .contains(
            "[web] run \"npm run build\" in w1/web", "[web] run \"touch /tmp/reload\" in w3/web");
  }

  @Test
  void aFailedRunSkipsTheLaterStepsButAsksForNoBuild() {
    runtime.exitCodes.put("npm run build", 2);

    SyncResult result = syncer.apply(plan, List.of(container("w1", true)), log);

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced -> {
              SyncResult.RunFailure failure = synced.failedRun().orElseThrow();
              assertThat(failure.container()).isEqualTo("w1/web");
              assertThat(failure.problem()).isEqualTo("exited with 2 after 10ms");
              assertThat(failure.lastOutput()).containsExactly("output of npm run build");
              assertThat(synced.containers().getFirst().restarted()).isFalse();
            });
    assertThat(runtime.calls)
        .containsExactly(
            "copy w1 1 file(s), 10240 bytes",
            "delete w1 [/app/old.js]",
            "exec w1 [/bin/sh, -c, npm run build]");
    assertThat(console.lines())
        .containsSubsequence(
            "[web] output of npm run build",
            "[web] run \"npm run build\" failed in w1/web: exited with 2 after 10ms (its output is above)",
            "[web] skipping 1 later run step and the restart in w1/web",
            "[web] the files stay synced in w1/web; save a file to try again");
  }

  @Test
  void aFailedCopyAsksForAFullBuildAndStopsThere() {
    runtime.failing.put("copy w1", "podman cp failed: Error: no space left on device");

    SyncResult result =
        syncer.apply(plan, List.of(container("w1", true), container("w2", true)), log);

    assertThat(result)
        .isEqualTo(new NeedsFullUpdate("podman cp failed: Error: no space left on device"));
    assertThat(runtime.calls).containsExactly("copy w1 1 file(s), 10240 bytes");
  }

  @Test
  void aFailedRestartAsksForAFullBuild() {
    runtime.failing.put("restart w1", "no such container");

    SyncResult result = syncer.apply(plan, List.of(container("w1", true)), log);

    assertThat(result)
        .isEqualTo(new NeedsFullUpdate("restarting w1/web failed: no such container"));
  }

  @Test
  void restartProcessSignalsTheSupervisorAfterTheRunStepsAndKeepsTheContainer() {
    SyncPlan process =
        new SyncPlan(
            plan.copies(), List.of(), List.of(Cmd.shell("make")), SyncPlan.Restart.PROCESS);

    SyncResult result = syncer.apply(process, List.of(container("w1", true)), log);

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced ->
                assertThat(synced.containers().getFirst().restarted())
                    .as("the container stays")
                    .isFalse());
    assertThat(runtime.calls)
        .containsExactly(
            "copy w1 1 file(s), 10240 bytes",
            "exec w1 [/bin/sh, -c, make]",
            "exec w1 " + ProcessSupervisor.triggerArgv());
    assertThat(console.lines())
        .anyMatch(line -> line.startsWith("[web] restarting the process of w1/web ("));
  }

  @Test
  void aProcessThatCannotBeRestartedAsksForAFullBuildWithWhatTheContainerSaid() {
    SyncPlan process = new SyncPlan(plan.copies(), List.of(), List.of(), SyncPlan.Restart.PROCESS);
    runtime.exitCodes.put(ProcessSupervisor.TRIGGER, 3);

    SyncResult result = syncer.apply(process, List.of(container("w1", true)), log);

    assertThat(result)
        .isInstanceOfSatisfying(
            NeedsFullUpdate.class,
            full ->
                assertThat(full.reason())
                    .startsWith(
                        "restarting the process of w1/web failed: `kill -HUP (devd's restartProcess supervisor)` failed in w1/web"
                            + " with exit code 3: output of"));
  }

  @Test
  void aRunThatCannotStartIsReportedLikeAFailedOne() {
    runtime.failing.put(
        "exec w1", "cannot run `npm run build` in w1/web: exec: \"sh\": executable file not found");

    SyncResult result = syncer.apply(plan, List.of(container("w1", true)), log);

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced ->
                assertThat(synced.failedRun().orElseThrow().problem())
                    .isEqualTo(
                        "cannot run `npm run build` in w1/web: exec: \"sh\": executable file not found"));
  }

  @Test
  void noRunningContainerAsksForAFullBuild() {
    SyncResult result = syncer.apply(plan, List.of(container("w1", false)), log);

    assertThat(result)
        .isEqualTo(new NeedsFullUpdate("no container to copy the files into is running"));
    assertThat(runtime.calls).isEmpty();
  }

  private static ContainerRef container(String pod, boolean running) {
    return new ContainerRef(
        new ContainerRef.PodmanContainer(pod),
        pod + "/web",
        "web:1",
        running,
        false,
        Instant.EPOCH);
  }

  /**
   * Stands in for a container runtime: records each call, answers exec with the scripted exit code
   * (0 unless set) and one line of output, and fails the calls whose "verb container" key is in
   * {@code failing}.
   */
  static final class ScriptedRuntime implements ContainerTransport {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, Integer> exitCodes = new java.util.HashMap<>();
    final Map<String, String> failing = new java.util.HashMap<>();

    @Override
    public void copy(ContainerRef container, SyncArchive archive) throws SyncException {
      record("copy", container, archive.files() + " file(s), " + archive.bytes() + " bytes");
    }

    @Override
    public void delete(ContainerRef container, List<String> remotePaths) throws SyncException {
      record("delete", container, remotePaths.toString());
    }

    @Override
    public ExecResult exec(ContainerRef container, List<String> argv, OutputSink out)
        throws SyncException {
      record("exec", container, argv.toString());
      String command = argv.getFirst().equals("/bin/sh") ? argv.get(2) : String.join(" ", argv);
      out.line("output of " + command);
      return new ExecResult(exitCodes.getOrDefault(command, 0), Duration.ofMillis(10));
    }

    @Override
    public void restart(ContainerRef container) throws SyncException {
      record("restart", container, "");
    }

    private void record(String verb, ContainerRef container, String what) throws SyncException {
      String id = ((ContainerRef.PodmanContainer) container.address()).id();
      calls.add((verb + " " + id + " " + what).strip());
      String failure = failing.get(verb + " " + id);
      if (failure != null) throw new SyncException(failure);
    }
  }
}
