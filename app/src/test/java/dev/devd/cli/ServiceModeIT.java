package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.status.SessionFile;
import dev.devd.testing.DevdProcess;
import dev.devd.testing.Processes;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * devd as a background service, all with real processes: up --detach, ls, up where one runs, stop,
 * two projects.
 */
class ServiceModeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;
  // A registry of this test's own, so that devd ls lists only the devds started here.
  private Map<String, String> environment;
  private final List<TestProject> projects = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    environment =
        Map.of("XDG_RUNTIME_DIR", Files.createDirectories(temp.resolve("run")).toString());
  }

  @AfterEach
  void stopEveryDevd() throws Exception {
    for (TestProject project : projects) {
      DevdProcess.run(project.root(), environment, "stop");
      SessionFile.readFrom(project.path(".devd"))
          .ifPresent(
              left -> ProcessHandle.of(left.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private TestProject project(String name, String devdYaml) {
    TestProject project = new TestProject(temp.resolve(name));
    project.write("src/a.txt", "a");
    project.write("devd.yaml", devdYaml);
    projects.add(project);
    return project;
  }

  private TestProject markingProject(String name) {
    return project(
        name,
        """
        localResources:
          - name: mark
            cmd: echo built >> marks
            deps: [src]
        """);
  }

  private DevdProcess.Result devd(TestProject project, String... args) throws Exception {
    return DevdProcess.run(project.root(), environment, args);
  }

  private static SessionFile session(TestProject project) throws IOException {
    return SessionFile.readFrom(project.path(".devd")).orElseThrow();
  }

  private JsonNode ls(TestProject anywhere) throws Exception {
    DevdProcess.Result ls = devd(anywhere, "ls", "--json");
    assertThat(ls.exitCode()).isZero();
    return JsonMapper.builder().build().readTree(ls.stdout());
  }

  // The session a process belongs to: the sixth field of /proc/PID/stat, after the command name in
  // parentheses.
  private static long sessionId(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
  }

  private static void kill(String signal, String target) throws Exception {
    // Quietly: the group may be gone already (SIGHUP ends the shell and its sleep).
    new ProcessBuilder("kill", "-" + signal, "--", target)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  private static String quoted(List<String> argv) {
    return argv.stream()
        .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  @Test
  void upDetachReturnsWhileDevdKeepsWatchingAfterItsTerminalIsGone() throws Exception {
    TestProject project = markingProject("web");
    Path exitCode = temp.resolve("exit-code");
    // A terminal's shell: setsid makes it lead a session and process group of its own, as a
    // terminal's shell does.
    // It runs devd up --detach, notes its exit code, and stays, as a terminal's shell would.
    String script =
        quoted(DevdProcess.command("up", "--detach", "--port", "0"))
            + " > "
            + quoted(List.of(temp.resolve("terminal.txt").toString()))
            + " 2>&1; echo $? > "
            + quoted(List.of(exitCode.toString()))
            + "; exec sleep 300";
    ProcessBuilder builder =
        new ProcessBuilder("setsid", "sh", "-c", script).directory(project.root().toFile());
    builder.environment().putAll(environment);
    Process terminal = builder.start();

    await()
        .atMost(WAIT)
        .until(() -> Files.exists(exitCode) && !Files.readString(exitCode).isBlank());
    assertThat(Files.readString(exitCode).strip())
        .as(Files.readString(temp.resolve("terminal.txt")))
        .isEqualTo("0");
    SessionFile session = session(project);
    assertThat(session.watching()).isTrue();
    assertThat(sessionId(session.pid())).isNotEqualTo(sessionId(terminal.pid()));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("marks")).containsExactly("built"));

    // The terminal closes: its session gets SIGHUP, and whatever is left in it is killed.
    kill("HUP", "-" + terminal.pid());
    kill("KILL", "-" + terminal.pid());
    assertThat(terminal.waitFor(30, TimeUnit.SECONDS)).isTrue();
    project.write("src/a.txt", "saved after the terminal closed");

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(project.lines("marks")).containsExactly("built", "built"));
    assertThat(Processes.isRunning(session.pid())).isTrue();
  }

  @Test
  void lsListsADetachedDevdWithItsPortAndResources() throws Exception {
    TestProject project = markingProject("web");

    DevdProcess.Result up = devd(project, "up", "--detach", "--port", "0");

    assertThat(up.exitCode()).as(up.stderr()).isZero();
    SessionFile session = session(project);
    assertThat(up.stdout())
        .contains(
            "devd runs in the background (pid "
                + session.pid()
                + ") with its page at "
                + session.url(),
            "devd attach",
            "devd stop");
    JsonNode listed = ls(project);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("project").asString()).isEqualTo(project.root().toString());
    assertThat(listed.get(0).get("pid").asLong()).isEqualTo(session.pid());
    assertThat(listed.get(0).get("port").asInt()).isEqualTo(session.port());
    assertThat(listed.get(0).get("resources").get("mark").asString())
        .isIn("pending", "updating", "ok");
    DevdProcess.Result table = devd(project, "ls");
    assertThat(table.stdout().lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(project.root() + "  " + session.pid() + "  " + session.url())
                    .contains("mark:"));
  }

  @Test
  void upWhereADevdRunsAttachesToItInsteadOfStartingASecond() throws Exception {
    TestProject project = markingProject("web");
    assertThat(devd(project, "up", "--detach", "--port", "0").exitCode()).isZero();
    SessionFile first = session(project);

    try (DevdProcess again = DevdProcess.start(project.root(), environment, "up", "--port", "0")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(again.stdout())
                      .contains(
                          "devd is already running for this project (pid "
                              + first.pid()
                              + ") with its page at "
                              + first.url(),
                          "attaching to it",
                          "devd is watching 2 folders")); // a line of the first devd, followed

      assertThat(session(project)).isEqualTo(first);
      assertThat(ls(project)).hasSize(1);
      again.signal("INT");

      assertThat(again.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(again.process().exitValue()).isZero();
      assertThat(again.stdout()).contains("detached; devd keeps running at " + first.url());
    }
    assertThat(Processes.isRunning(first.pid())).isTrue();
  }

  @Test
  void stopEndsDevdAndEveryProcessOfItsRun() throws Exception {
    TestProject project =
        project(
            "web",
            """
        localResources:
          - name: server
            serveCmd: sleep 300 & echo $! >> pids; sh -c 'echo $$ >> pids; sleep 300' & echo $$ >> pids; wait
            deps: [src]
        """);
    assertThat(devd(project, "up", "--detach", "--port", "0").exitCode()).isZero();
    long devdPid = session(project).pid();
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("pids")).hasSize(3));
    List<Long> pids = project.lines("pids").stream().map(Long::parseLong).toList();

    DevdProcess.Result stop = devd(project, "stop");

    assertThat(stop.exitCode()).as(stop.stderr()).isZero();
    assertThat(stop.stdout()).contains("stopping devd (pid " + devdPid + ")", "stopped");
    assertThat(Processes.isRunning(devdPid)).as("devd").isFalse();
    for (long pid : pids)
      assertThat(Processes.isRunning(pid)).as("process %d of the serve command", pid).isFalse();
    assertThat(project.path(".devd/session.json")).doesNotExist();
    assertThat(ls(project)).isEmpty();
  }

  @Test
  void twoProjectsDetachedAtOnceGetDifferentPorts() throws Exception {
    TestProject web = markingProject("web");
    TestProject api = markingProject("api");

    // The default port choice, no --port: 10350 when free, else the next free one.
    try (DevdProcess first =
            DevdProcess.startOnTheDefaultPort(web.root(), environment, "up", "--detach");
        DevdProcess second =
            DevdProcess.startOnTheDefaultPort(api.root(), environment, "up", "--detach")) {
      assertThat(
              first.process().waitFor(60, TimeUnit.SECONDS)
                  && second.process().waitFor(60, TimeUnit.SECONDS))
          .isTrue();
      assertThat(first.process().exitValue()).as(first.stderr()).isZero();
      assertThat(second.process().exitValue()).as(second.stderr()).isZero();
    }

    int webPort = session(web).port();
    int apiPort = session(api).port();
    assertThat(webPort).isNotEqualTo(apiPort);
    assertThat(List.of(webPort, apiPort))
        .allSatisfy(port -> assertThat(port).isGreaterThanOrEqualTo(10350));
    JsonNode listed = ls(web);
    assertThat(listed).hasSize(2);
    assertThat(
            listed
                .valueStream()
                .map(devd -> devd.get("project").asString() + " " + devd.get("port").asInt()))
        .containsExactlyInAnyOrder(web.root() + " " + webPort, api.root() + " " + apiPort);
  }
}
