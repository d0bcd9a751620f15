package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.Processes;
import dev.devd.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * devd as a real process: signals, exit codes, and what it prints. Every devd up here takes a free
 * port (--port 0).
 */
class DevdProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path temp;
  private TestProject project;

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void stoppingDevdDuringALongBuildLeavesNoChildProcessAndExitsZero(String signal)
      throws Exception {
    project.write("src/a.txt", "x");
    project.write(
        "devd.yaml",
        """
        images:
          - ref: slow
            command: sleep 300 & echo $! >> pids; sh -c 'echo $$ >> pids; sleep 300' & echo $$ >> pids; wait
            deps: [src]
        """);
    try (DevdProcess devd = DevdProcess.start(temp, "up", "--port", "0")) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("pids")).hasSize(3));
      List<Long> pids = project.lines("pids").stream().map(Long::parseLong).toList();

      devd.signal(signal);

      assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).as("devd ended").isTrue();
      assertThat(devd.process().exitValue()).isZero();
      for (long pid : pids)
        assertThat(Processes.isRunning(pid))
            .as("process %d of the build still runs", pid)
            .isFalse();
      assertThat(devd.stdout()).contains("stopping: ending running commands", "stopped");
    }
  }

  @Test
  void validateReportsEveryProblemOfABadConfigWithExitCode2() throws Exception {
    project.write(
        "devd.yaml",
        """
        watch:
          debounce: 10 sec
        images:
          - ref: web
            command: ""
            deps: [web/]
        """);

    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains(
            "devd.yaml:2:13: watch.debounce: invalid duration \"10 sec\"; write a number with a unit, e.g. 100ms, 10s, 2m",
            "devd.yaml has 2 problems; nothing was started.");
    assertThat(result.stderr()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void validateSaysAGoodConfigIsValid() throws Exception {
    project.write("web/index.html", "hi");
    project.write(
        "devd.yaml",
        """
        images:
          - ref: web
            command: "true"
            deps: [web]
        """);

    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("devd.yaml is valid: 1 image and 0 local resources\n");
  }

  @Test
  void validateNotesADepThatDoesNotExistYet() throws Exception {
    project.write("src/Main.java", "class Main {}");
    project.write(
        "devd.yaml",
        """
        images:
          - ref: web
            command: "true"
            deps: [src, build/classes]
        """);

    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .isEqualTo(
            "devd.yaml:4:17: note: images[0].deps[1]: \"build/classes\" does not exist "
                + "yet; devd watches for it to appear\ndevd.yaml is valid: 1 image and 0 local resources\n");
  }

  @Test
  void checkIgnoreNamesThePatternAndItsSource() throws Exception {
    project.write("web/index.html", "hi");
    project.write("web/.dockerignore", "# build output\nnode_modules\n");
    project.write(
        "devd.yaml",
        """
        images:
          - ref: web
            command: "true"
            deps: [web]
        """);

    DevdProcess.Result text =
        DevdProcess.run(
            temp, "check-ignore", "web/index.html", "web/node_modules/x/y.js", "README.md");
    DevdProcess.Result json =
        DevdProcess.run(
            temp, "check-ignore", "--json", "web/index.html", "web/node_modules/x/y.js");

    assertThat(text.exitCode()).isZero();
    assertThat(text.stdout())
        .isEqualTo(
            """
        web/index.html: watched by web
        web/node_modules/x/y.js: ignored by "node_modules" from web/.dockerignore
        README.md: not watched (not under the deps of any image or local resource)
        """);
    assertThat(json.stdout().strip())
        .isEqualTo(
            "[{\"path\":\"web/index.html\",\"watched\":true,\"by\":[\"web\"],\"ignoredBy\":null},"
                + "{\"path\":\"web/node_modules/x/y.js\",\"watched\":false,\"by\":[],"
                + "\"ignoredBy\":{\"pattern\":\"node_modules\",\"source\":\"web/.dockerignore\"}}]");
  }

  @Test
  void anUnknownOptionSuggestsTheRightOneWithExitCode2() throws Exception {
    DevdProcess.Result result = DevdProcess.run(temp, "up", "--port", "0", "--fiel", "x.yaml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .isEqualTo(
            "unknown option \"--fiel\" of devd up; did you mean \"--file\"?\n"
                + "see 'devd up --help'\n");
  }

  @Test
  void aCommandsHelpExitsZero() throws Exception {
    DevdProcess.Result result = DevdProcess.run(temp, "up", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("Usage: devd up").contains("--detach", "--port");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void devdMakesItsStateFolderWithAGitignore() throws Exception {
    project.write("devd.yaml", "images: []\n");

    DevdProcess.run(temp, "validate");

    assertThat(Files.readString(temp.resolve(".devd/.gitignore"))).isEqualTo(StateFolder.GITIGNORE);
  }

  @Test
  void aMissingDevdYamlSaysWhatToDo() throws Exception {
    DevdProcess.Result result = DevdProcess.run(temp, "up", "--port", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("devd.yaml: not found in", "create one");
  }
}
