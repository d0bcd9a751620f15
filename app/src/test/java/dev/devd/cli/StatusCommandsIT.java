package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.status.PassEnd;
import dev.devd.status.PassKind;
import dev.devd.status.PassStart;
import dev.devd.status.SessionFile;
import dev.devd.status.StatusBoard;
import dev.devd.status.StatusServer;
import dev.devd.testing.ManualClock;
import dev.devd.testing.TestProject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code devd status}, {@code trigger} and {@code logs} against a real status server found through
 * a real session file.
 */
class StatusCommandsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path temp;
  private TestProject project;
  private Path devdYaml;
  private final ManualClock clock = new ManualClock(START);
  private final StatusBoard board = new StatusBoard(clock);
  private final List<String> triggered = new CopyOnWriteArrayList<>();
  private final List<String> switched = new CopyOnWriteArrayList<>();
  private StatusServer server;

  /** What one command printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  /** A command being run on another thread, whose output can be read while it runs. */
  private record Running(CompletableFuture<Integer> exitCode, StringWriter out, StringWriter err) {}

  @BeforeEach
  void start() throws Exception {
    project = new TestProject(temp);
    devdYaml = project.write("devd.yaml", "images: []\n");
    board.register("web", "image", "auto", List.of("frontend"));
    board.register("api", "image", "auto", List.of("backend", "go"));
    board.register("unit-tests", "local", "manual");
    board.register("db", "kubernetes", "auto");
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    clock.advance(Duration.ofMillis(1200));
    board.passEnded("web", PassEnd.deployed(PassKind.CACHED, "web:devd-3f2a9c01d2e4b7a6"));
    board.passStarted("api", new PassStart("first update", PassKind.BUILD));
    board.passEnded("api", PassEnd.deployed(PassKind.BUILD, "api:devd-aaaaaaaaaaaaaaaa"));
    board.passStarted("api", new PassStart("1 file changed: api/main.go", PassKind.BUILD));
    clock.advance(Duration.ofSeconds(65));
    board.passEnded(
        "api",
        PassEnd.failed(
            PassKind.BUILD, "build failed: `go build` exited with 1 after 1m5s\nsee above"));
    board.passStarted("unit-tests", new PassStart("first update", PassKind.BUILD));
    board.passEnded("unit-tests", PassEnd.done(PassKind.BUILD));
    board.pendingChanges("unit-tests", 2);
    board.passStarted("db", new PassStart("first update", PassKind.BUILD));
    clock.advance(Duration.ofSeconds(12));
    board.logLine("web", "STEP 1/3 — Building Custom Build: [web]");
    board.logLine("", "devd is watching 2 folders");
    board.logLine("api", "main.go:3: syntax error");
    server =
        StatusServer.start(
            board,
            name -> board.names().contains(name) && triggered.add(name),
            (name, enabled) ->
                board.names().contains(name)
                    && switched.add((enabled ? "enable " : "disable ") + name),
            0);
    SessionFile.of(server).writeTo(temp.resolve(".devd"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CommandLine commandLine(Object command, StringWriter out, StringWriter err) {
    // Configured as devd's own command line is: its error reporting decides the exit codes.
    CommandLine commandLine = Cli.configured(new CommandLine(command));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine;
  }

  private Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = commandLine(command, out, err).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Running start(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = commandLine(command, out, err);
    return new Running(CompletableFuture.supplyAsync(() -> commandLine.execute(args)), out, err);
  }

  private StatusCommand status() {
    StatusCommand command = new StatusCommand();
    command.clock = clock;
    return command;
  }

  private String file() {
    return devdYaml.toString();
  }

  @Test
  void statusPrintsATableOfTheResources() {
    Run run = run(status(), "-f", file());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo(
            """
        RESOURCE           STATE                   LAST UPDATE                    DEPLOYED / ERROR
        web [frontend]     ok                      1m17s ago, took 1.2s (cached)  web:devd-3f2a9c01d2e4b7a6
        api [backend, go]  failed                  12s ago, took 1m5s             error: build failed: `go build` exited with 1 after 1m5s (still running api:devd-aaaaaaaaaaaaaaaa)
        unit-tests         ok (2 changes waiting)  12s ago, took 0ms              -
        db                 updating                never                          -
        """);
  }

  @Test
  void statusJsonIsTheApisJson() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String api =
        http.send(
                HttpRequest.newBuilder(server.url().resolve("/api/status"))
                    .header("Authorization", "Bearer " + server.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    Run run = run(status(), "-f", file(), "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(api + System.lineSeparator());
  }

  @Test
  void triggerRunsTheUpdateOfTheResource() {
    Run run = run(new TriggerCommand(), "-f", file(), "unit-tests");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("triggered an update of unit-tests; follow it with: devd logs unit-tests -f\n");
    assertThat(triggered).containsExactly("unit-tests");
  }

  @Test
  void disableAndEnableSwitchEveryNamedResource() {
    Run off = run(new EnableCommand.Off(), "-f", file(), "web", "api");
    Run on = run(new EnableCommand.On(), "-f", file(), "web");

    assertThat(off.exitCode()).isZero();
    assertThat(off.out())
        .isEqualTo(
            "disabled web; saves are ignored until `devd enable web`\n"
                + "disabled api; saves are ignored until `devd enable api`\n");
    assertThat(on.out()).isEqualTo("enabled web; it updates now and after each save\n");
    assertThat(switched).containsExactly("disable web", "disable api", "enable web");
  }

  @Test
  void disablingAnUnknownResourceSwitchesNothing() {
    Run run = run(new EnableCommand.Off(), "-f", file(), "web", "wbe2");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("unknown resource \"wbe2\"");
    assertThat(switched).isEmpty();
  }

  @Test
  void triggerOfAnUnknownResourceSuggestsTheClosest() {
    Run run = run(new TriggerCommand(), "-f", file(), "unit-test");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "unknown resource \"unit-test\"; did you mean \"unit-tests\"?; known: api, db,"
                + " unit-tests, web\n");
    assertThat(triggered).isEmpty();
  }

  @Test
  void logsPrintsTheRecentLinesOfAllResources() {
    Run run = run(new LogsCommand(), "--file", file());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
        [web] STEP 1/3 — Building Custom Build: [web]
        devd is watching 2 folders
        [api] main.go:3: syntax error
        """);
  }

  @Test
  void logsOfOneResource() {
    Run run = run(new LogsCommand(), "--file", file(), "api");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("[api] main.go:3: syntax error\n");
  }

  @Test
  void logsOfAnUnknownResourceSuggestsTheClosest() {
    Run run = run(new LogsCommand(), "--file", file(), "wbe");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "unknown resource \"wbe\"; did you mean \"web\"?; known: api, db, unit-tests, web\n");
  }

  @Test
  void followedLogsPrintNewLinesUntilDevdUpStops() {
    Running logs = start(new LogsCommand(), "--file", file(), "web", "-f");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(logs.out().toString())
                    .isEqualTo("[web] STEP 1/3 — Building Custom Build: [web]\n"));

    board.logLine("api", "not shown");
    board.logLine("web", "Running custom build cmd \"make\"");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(logs.out().toString())
                    .isEqualTo(
                        "[web] STEP 1/3 — Building Custom Build: [web]\n[web] Running custom build cmd \"make\"\n"));

    server.close();

    await().atMost(WAIT).until(logs.exitCode()::isDone);
    assertThat(logs.exitCode().join()).isZero();
    assertThat(logs.err().toString())
        .isEqualTo("devd up at " + server.url() + " stopped; no more lines\n");
  }

  @Test
  void everyCommandSaysWhenDevdUpIsNotRunning() {
    Path other = new TestProject(temp.resolve("other")).write("devd.yaml", "images: []\n");
    String expected =
        "devd up is not running for " + other.getParent() + "; start it with devd up\n";

    List<Run> runs =
        List.of(
            run(status(), "-f", other.toString()),
            run(new TriggerCommand(), "-f", other.toString(), "web"),
            run(new LogsCommand(), "--file", other.toString()),
            run(new LogsCommand(), "--file", other.toString(), "-f"));

    for (Run run : runs) {
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err()).isEqualTo(expected);
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void aSessionFileLeftByADeadDevdUpMeansNotRunning() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    new SessionFile(server.port(), server.token(), ended.pid()).writeTo(temp.resolve(".devd"));

    Run run = run(status(), "-f", file());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err())
        .isEqualTo("devd up is not running for " + temp + "; start it with devd up\n");
  }

  @Test
  void aSessionWhoseServerStoppedMeansNotRunning() {
    server.close();

    Run run = run(new TriggerCommand(), "-f", file(), "web");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err())
        .isEqualTo("devd up is not running for " + temp + "; start it with devd up\n");
  }

  @Test
  void theCommandsAreDevdSubcommands() {
    CommandLine devd = Cli.commandLine();

    assertThat(devd.getSubcommands()).containsKeys("status", "trigger", "logs");
  }
}
