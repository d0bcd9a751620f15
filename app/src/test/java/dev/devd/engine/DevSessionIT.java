package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.devd.config.ProjectConfig;
import dev.devd.status.ResourceStatus;
import dev.devd.status.StatusBoard;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.TestProject;
import dev.devd.wiring.SessionWiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * devd up's loop with the real watcher, real commands and real files: what a user sees after each
 * save.
 */
class DevSessionIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  // Long enough that an extra run, if there were one, would have started.
  private static final Duration STAYS = Duration.ofMillis(800);

  @TempDir Path temp;
  private TestProject project;
  private ConsoleCapture console;
  private DevSession session;
  private final StatusBoard board = new StatusBoard(Clock.systemUTC());

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    console = new ConsoleCapture();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (session != null) session.close();
    console.close();
  }

  private void start(String yaml) throws Exception {
    ProjectConfig config = project.config(yaml);
    ProjectModel model = ProjectModel.load(config);
    SessionWiring.Options options =
        new SessionWiring.Options(
            Optional.empty(), Optional.empty(), SessionParts.Options.defaults());
    session = DevSession.start(model, SessionWiring.parts(model, options, board));
  }

  private void awaitRuns(String file, int count) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines(file)).hasSize(count));
  }

  private void assertRunsStay(String file, int count) {
    await()
        .during(STAYS)
        .atMost(STAYS.plus(WAIT))
        .untilAsserted(() -> assertThat(project.lines(file)).hasSize(count));
  }

  @Test
  void theStatusBoardShowsEachResourceWithItsLabelsAndTriggerMode() throws Exception {
    project.write("src/a.txt", "one");
    start(
        """
        localResources:
          - {name: tests, cmd: echo run >> runs.log, deps: [src]}
          - {name: lint, cmd: echo lint >> lint.log, deps: [src]}
        resources:
          tests: {labels: [ci, backend], triggerMode: manual}
        """);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(board.snapshot())
                    .extracting(
                        ResourceStatus::name, ResourceStatus::labels, ResourceStatus::triggerMode)
                    .containsExactlyInAnyOrder(
                        tuple("tests", List.of("ci", "backend"), "manual"),
                        tuple("lint", List.of(), "auto")));
  }

  @Test
  void theFirstUpdatesEndOnceEveryTargetHadItsFirstPassAndNameTheFailures() throws Exception {
    project.write("src/a.txt", "one");
    start(
        """
        localResources:
          - {name: tests, cmd: echo run >> runs.log, deps: [src]}
          - {name: lint, cmd: exit 1, deps: [src]}
        """);

    DevSession.FirstUpdates first =
        session.firstUpdates().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

    assertThat(first.targets()).isEqualTo(2);
    assertThat(first.failed()).containsExactly("lint");
    assertThat(project.lines("runs.log")).hasSize(1);
  }

  @Test
  void aDepThatALocalResourceCreatesLaterRebuildsTheImageWhenItAppearsAndChanges()
      throws Exception {
    project.write("src/A.java", "class A {}");
    start(
        """
        images:
          - ref: app
            command: echo built >> builds.log
            deps: [build/classes]
        localResources:
          - name: compile
            cmd: mkdir -p build/classes && cp src/A.java build/classes/A.class
            deps: [src]
            resourceDeps: [app]
        """);
    // The image's first build (before anything compiled), then the one the compiled classes cause
    // when they appear.
    awaitRuns("builds.log", 2);

    project.write("build/classes/A.class", "recompiled");

    awaitRuns("builds.log", 3);
  }

  @Test
  void aTargetWithAutoInitFalseWaitsForATriggerAndShowsItsLinksOnceUpToDate() throws Exception {
    project.write("src/a.txt", "one");
    start(
        """
        localResources:
          - {name: later, cmd: echo run >> later.log, deps: [src], autoInit: false, links: ["http://localhost:8000/admin"]}
          - {name: now, cmd: echo run >> now.log, deps: [src]}
        """);
    awaitRuns("now.log", 1);
    assertRunsStay("later.log", 0);

    assertThat(session.trigger("later")).isTrue();

    awaitRuns("later.log", 1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.lines())
                    .contains("[later] see it at http://localhost:8000/admin"));
    assertThat(board.status("later").orElseThrow().links())
        .extracting(link -> link.url())
        .containsExactly("http://localhost:8000/admin");
  }

  @Test
  void aDisabledTargetIgnoresSavesUntilEnabledAgain() throws Exception {
    project.write("src/a.txt", "one");
    start(
        """
        localResources:
          - {name: tests, cmd: echo run >> runs.log, deps: [src]}
        """);
    awaitRuns("runs.log", 1);

    assertThat(session.enable("tests", false)).isTrue();
    await().atMost(WAIT).until(() -> !board.status("tests").orElseThrow().enabled());
    project.write("src/a.txt", "two");
    assertRunsStay("runs.log", 1);

    session.enable("tests", true);
    awaitRuns("runs.log", 2);
    assertThat(session.enable("nosuch", false)).isFalse();
  }

  @Test
  void oneSaveRunsTheCommandOnce() throws Exception {
    project.write("src/a.txt", "one");
    start(
        """
        localResources:
          - name: tests
            cmd: echo run >> runs.log
            deps: [src]
        """);
    awaitRuns("runs.log", 1);

    project.write("src/a.txt", "two");

    awaitRuns("runs.log", 2);
    assertRunsStay("runs.log", 2);
  }

  @Test
  void aBurstOfWritesRunsAtMostTwiceAndTheLastRunSeesTheFinalContent() throws Exception {
    project.write("src/counter.txt", "0");
    start(
        """
        localResources:
          - name: tests
            cmd: cat src/counter.txt >> seen.log && echo >> seen.log
            deps: [src]
        """);
    awaitRuns("seen.log", 1);

    for (int i = 1; i <= 2000; i++) {
      project.write(
          i % 2 == 0 ? "src/counter.txt" : "src/other/f" + (i % 100) + ".txt", String.valueOf(i));
    }

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("seen.log")).last().isEqualTo("2000"));
    assertRunsStay("seen.log", project.lines("seen.log").size());
    assertThat(project.lines("seen.log")).hasSizeBetween(2, 3);
  }

  @Test
  void aSaveDuringARunningBuildCausesExactlyOneMoreRun() throws Exception {
    project.write("src/a.txt", "v0");
    start(
        """
        localResources:
          - name: build
            cmd: echo started >> runs.log; cat src/a.txt >> seen.log; echo >> seen.log; while [ ! -e gate ]; do sleep 0.02; done
            deps: [src]
        """);
    awaitRuns("runs.log", 1);

    project.write("src/a.txt", "v1");
    project.write("src/a.txt", "v2");
    project.write("src/b.txt", "new");
    project.write("src/a.txt", "v3");
    project.write("gate", "open");

    awaitRuns("runs.log", 2);
    assertRunsStay("runs.log", 2);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("seen.log")).containsExactly("v0", "v3"));
  }

  @Test
  void anIgnoredFileNeverTriggers() throws Exception {
    project.write("src/real.txt", "0");
    project.write("src/.dockerignore", "*.log\ntmp/\n");
    start(
        """
        images:
          - ref: tests
            command: echo run >> runs.log
            deps: [src]
            ignore: ["*.bak"]
        """);
    awaitRuns("runs.log", 1);

    project.write("src/debug.log", "ignored by src/.dockerignore");
    project.write("src/tmp/scratch.txt", "ignored: tmp/ covers it");
    project.write("src/old.bak", "ignored by the resource's ignore");
    project.write("src/.real.txt.swp", "editor temp file");
    project.write("src/real.txt", "1");

    awaitRuns("runs.log", 2);
    assertRunsStay("runs.log", 2);
    assertThat(console.lines())
        .filteredOn(line -> line.startsWith("[tests] update:"))
        .containsExactly(
            "[tests] update: first update", "[tests] update: 1 file changed: src/real.txt");
  }

  @Test
  void neverRegistersFoldersOfAnIgnoredNodeModules() throws Exception {
    assumeThat(Files.isDirectory(Path.of("/proc/self/fdinfo"))).as("needs Linux /proc").isTrue();
    project.write("app/.dockerignore", "node_modules\n");
    for (int dir = 0; dir < 10; dir++) project.write("app/src/d" + dir + "/x.js", "x");
    for (int dir = 0; dir < 400; dir++) {
      for (int file = 0; file < 26; file++)
        project.write("app/node_modules/m" + dir + "/f" + file + ".js", "x");
    }

    start(
        """
        images:
          - ref: app
            command: "true"
            deps: [app]
        """);

    // app, app/src and its 10 folders; the project root is watched flat for devd.yaml and as app's
    // parent.
    assertThat(session.watchedFolders()).isEqualTo(1 + 1 + 1 + 10);
  }

  @Test
  void aFailingCommandIsReportedAndTheNextSaveRetries() throws Exception {
    project.write("src/ok.txt", "no");
    start(
        """
        localResources:
          - name: check
            cmd: 'grep -q yes src/ok.txt || { echo "ok.txt says no" >&2; exit 3; }'
            deps: [src]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.lines())
                    .anyMatch(
                        line ->
                            line.matches(
                                "\\[check] `grep -q yes src/ok.txt \\|\\| .*` exited with 3 after \\d+(ms|\\.\\ds|s) \\(its output is above\\)"))
                    .contains("[check] ok.txt says no", "[check] save a file to try again"));

    project.write("src/ok.txt", "yes");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.lines())
                    .anyMatch(line -> line.startsWith("[check] up to date in")));
  }

  @Test
  void anImageBuildGetsItsExpectedRefAndItsImageDeps() throws Exception {
    project.write("base/Dockerfile", "FROM scratch");
    project.write("app/main.txt", "x");
    start(
        """
        images:
          - ref: base
            command: echo "$EXPECTED_REF" > base-ref.txt
            deps: [base]
          - ref: localhost:5000/team/app
            command: ["sh", "-c", "env | grep -E '^(EXPECTED|DEVD_IMAGE|REGISTRY_HOST)' | sort > app-env.txt"]
            deps: [app]
            imageDeps: [base]
        """);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(project.lines("app-env.txt")).hasSizeGreaterThanOrEqualTo(5));
    String baseRef = project.lines("base-ref.txt").getFirst();
    assertThat(baseRef).matches("base:devd-build-\\d+");
    assertThat(project.lines("app-env.txt"))
        .containsExactlyInAnyOrder(
            "DEVD_IMAGE_0=" + baseRef,
            "DEVD_IMAGE_BASE=" + baseRef,
            project.lines("app-env.txt").stream()
                .filter(l -> l.startsWith("EXPECTED_REF="))
                .findFirst()
                .orElse("EXPECTED_REF missing"),
            "EXPECTED_IMAGE=team/app",
            project.lines("app-env.txt").stream()
                .filter(l -> l.startsWith("EXPECTED_TAG="))
                .findFirst()
                .orElse("EXPECTED_TAG missing"));
    assertThat(project.lines("app-env.txt"))
        .anyMatch(line -> line.matches("EXPECTED_REF=localhost:5000/team/app:devd-build-\\d+"));
    assertThat(project.lines("app-env.txt"))
        .anyMatch(line -> line.matches("EXPECTED_TAG=devd-build-\\d+"));
    // Whichever loop comes first builds base: its own ("[base] STEP 1/1") or app's, as app's first
    // step.
    assertThat(console.lines())
        .filteredOn(line -> line.endsWith("— Building Custom Build: [base]"))
        .hasSize(1);
  }

  @Test
  void aChangeToABaseImageRebuildsTheImagesThatDependOnIt() throws Exception {
    project.write("base/file", "1");
    project.write("app/file", "1");
    start(
        """
        images:
          - ref: base
            command: echo base >> builds.log
            deps: [base]
          - ref: app
            command: echo app >> builds.log
            deps: [app]
            imageDeps: [base]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(project.lines("builds.log")).containsExactlyInAnyOrder("base", "app"));

    project.write("base/file", "2");

    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("builds.log")).hasSize(4));
    assertRunsStay("builds.log", 4);
    assertThat(project.lines("builds.log").subList(2, 4)).containsExactly("base", "app");
  }

  @Test
  void theServeCommandRestartsAfterEachSuccessfulCmd() throws Exception {
    project.write("src/v.txt", "1");
    start(
        """
        localResources:
          - name: web
            cmd: cp src/v.txt served.txt
            serveCmd: echo "serving $(cat served.txt)" >> serve.log; exec sleep 300
            deps: [src]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("serve.log")).containsExactly("serving 1"));

    project.write("src/v.txt", "2");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(project.lines("serve.log")).containsExactly("serving 1", "serving 2"));
  }

  @Test
  void aBrokenEditOfDevdYamlKeepsTheRunningConfigAndAGoodOneRebuildsOnlyWhatChanged()
      throws Exception {
    project.write("a/file", "1");
    project.write("b/file", "1");
    start(
        """
        localResources:
          - name: a
            cmd: echo a >> runs.log
            deps: [a]
          - name: b
            cmd: echo b >> runs.log
            deps: [b]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(project.lines("runs.log")).containsExactlyInAnyOrder("a", "b"));

    project.write(
        "devd.yaml",
        """
        localResources:
          - name: a
            cmd: echo a >> runs.log
            dep: [a]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.text())
                    .contains(
                        "devd.yaml:4:5: localResources[0].dep: unknown key \"dep\"; did you mean \"deps\"?")
                    .contains("the running config stays in effect"));
    project.write("a/file", "2");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(project.lines("runs.log")).containsExactlyInAnyOrder("a", "b", "a"));

    project.write(
        "devd.yaml",
        """
        localResources:
          - name: a
            cmd: echo a >> runs.log
            deps: [a]
          - name: b
            cmd: echo b2 >> runs.log
            deps: [b]
        """);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(project.lines("runs.log"))
                    .containsExactlyInAnyOrder("a", "b", "a", "b2"));
    assertRunsStay("runs.log", 4);
  }

  @Test
  void aResourceWaitsForItsResourceDepsFirstSuccessfulUpdate() throws Exception {
    start(
        """
        localResources:
          - name: db
            cmd: while [ ! -e gate ]; do sleep 0.02; done; echo db >> order.log
          - name: api
            cmd: echo api >> order.log
            resourceDeps: [db]
        """);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.lines())
                    .contains("[api] waiting for db to be up to date first (resourceDeps)"));
    assertThat(project.lines("order.log")).isEmpty();

    project.write("gate", "open");

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("order.log")).containsExactly("db", "api"));
  }
}
