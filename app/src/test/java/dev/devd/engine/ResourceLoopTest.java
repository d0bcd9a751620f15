package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.config.ConfigException;
import dev.devd.config.LocalResourceConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.status.ResourceStatus;
import dev.devd.status.StatusBoard;
import dev.devd.testing.TestProject;
import dev.devd.watch.FileChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One target's loop with a real local resource command that counts its runs: batching by the quiet
 * period, one more pass for changes during a pass, manual triggers, autoInit, disabling, and
 * waiting for resourceDeps.
 */
class ResourceLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEBOUNCE = Duration.ofMillis(50);
  // Long enough that an extra pass, if there were one, would have started.
  private static final Duration STAYS = Duration.ofMillis(500);

  @TempDir Path temp;
  private TestProject project;
  private final StatusBoard board = new StatusBoard(Clock.systemUTC());
  private final ProcessRunner runner = new ProcessRunner();
  private final List<ResourceLoop> loops = new ArrayList<>();
  private final LoopContext context = new LoopContext(new Semaphore(3), Clock.systemUTC(), board);

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("src/a.txt", "x");
  }

  @AfterEach
  void stop() throws InterruptedException {
    runner.stopAll();
    for (ResourceLoop loop : loops) loop.stop(WAIT);
  }

  // A loop whose pass runs `cmd` in the project; its runs are counted in NAME.marks.
  private ResourceLoop loop(String name, String cmd, boolean autoTrigger, boolean autoInit)
      throws ConfigException {
    LocalResourceConfig local =
        project
            .config("localResources:\n  - {name: " + name + ", cmd: '" + cmd + "', deps: [src]}\n")
            .localResources()
            .getFirst();
    ResourceLoop loop =
        new ResourceLoop(
            new LoopSettings(
                name, DEBOUNCE, Duration.ofSeconds(10), autoTrigger, autoInit, project.root()),
            context,
            new LocalResourcePass(local, runner, false, new ResourceLog(name)));
    board.register(name, "local", autoTrigger ? "auto" : "manual");
    loops.add(loop);
    return loop;
  }

  private ResourceLoop counting(String name, boolean autoTrigger, boolean autoInit)
      throws ConfigException {
    return loop(
        name,
        "echo run >> " + name + ".marks; while [ -f hold ]; do sleep 0.01; done",
        autoTrigger,
        autoInit);
  }

  private void save(ResourceLoop loop, String file) {
    loop.changed(
        new FileChange(project.write(file, "x"), Clock.systemUTC().instant()), Set.of(), 0);
  }

  private void awaitRuns(String name, int count) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines(name + ".marks")).hasSize(count));
  }

  private void assertRunsStay(String name, int count) {
    await()
        .during(STAYS)
        .atMost(STAYS.plus(WAIT))
        .untilAsserted(() -> assertThat(project.lines(name + ".marks")).hasSize(count));
  }

  private String lastReason(String name) {
    return board
        .status(name)
        .flatMap(ResourceStatus::lastPass)
        .map(ResourceStatus.FinishedPass::reason)
        .orElse("");
  }

  @Test
  void savesWithinTheQuietPeriodRunOnePass() throws Exception {
    ResourceLoop loop = counting("tests", true, true);
    loop.start(List.of());
    awaitRuns("tests", 1);

    save(loop, "src/a.txt");
    save(loop, "src/b.txt");
    save(loop, "src/c.txt");

    awaitRuns("tests", 2);
    assertRunsStay("tests", 2);
    assertThat(lastReason("tests")).isEqualTo("3 files changed: src/a.txt, src/b.txt, src/c.txt");
  }

  @Test
  void savesDuringAPassCauseExactlyOneMorePass() throws Exception {
    ResourceLoop loop = counting("tests", true, true);
    loop.start(List.of());
    awaitRuns("tests", 1);
    project.write("hold", "");
    save(loop, "src/a.txt");
    awaitRuns("tests", 2); // the second pass holds

    save(loop, "src/b.txt");
    save(loop, "src/c.txt");
    Files.delete(project.path("hold"));

    awaitRuns("tests", 3);
    assertRunsStay("tests", 3);
  }

  @Test
  void aManualTargetCollectsChangesUntilTriggered() throws Exception {
    ResourceLoop loop = counting("tests", false, true);
    loop.start(List.of());
    awaitRuns("tests", 1);

    save(loop, "src/a.txt");
    save(loop, "src/b.txt");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(board.status("tests").orElseThrow().pendingChanges()).isEqualTo(2));
    assertRunsStay("tests", 1);

    loop.trigger();
    awaitRuns("tests", 2);
    assertThat(lastReason("tests")).isEqualTo("triggered by the user");
  }

  @Test
  void aTargetWithoutAutoInitWaitsForATrigger() throws Exception {
    ResourceLoop loop = counting("tests", true, false);
    loop.start(List.of());
    assertRunsStay("tests", 0);

    loop.trigger();

    awaitRuns("tests", 1);
  }

  @Test
  void aDisabledTargetIgnoresChangesAndRunsWhenEnabledAgain() throws Exception {
    ResourceLoop loop = counting("tests", true, true);
    loop.start(List.of());
    awaitRuns("tests", 1);

    loop.enable(false);
    save(loop, "src/a.txt");
    loop.trigger();
    assertRunsStay("tests", 1);

    loop.enable(true);
    awaitRuns("tests", 2);
    assertThat(lastReason("tests")).isEqualTo("enabled again");
  }

  @Test
  void aTargetStartsOnlyAfterItsDependencySucceeded() throws Exception {
    ResourceLoop db = loop("db", "echo run >> db.marks; test -f ready", true, true);
    ResourceLoop app = counting("app", true, true);
    db.start(List.of());
    app.start(List.of(db));
    awaitRuns("db", 1);
    assertRunsStay("app", 0); // db failed: app keeps waiting

    project.write("ready", "");
    save(db, "src/a.txt");

    awaitRuns("db", 2);
    awaitRuns("app", 1);
  }
}
