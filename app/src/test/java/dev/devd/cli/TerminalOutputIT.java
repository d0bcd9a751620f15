package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code devd up} prints when its output is not a terminal, and what of it reaches the log
 * file.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the commands are sh scripts")
class TerminalOutputIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;
  private TestProject project;

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("src/a.txt", "x");
  }

  @Test
  void aPipedDevdPrintsNoEscapeCodes() throws Exception {
    project.write(
        "devd.yaml",
        """
        localResources:
          - name: web
            cmd: echo compiled; exit 3
            deps: [src]
        """);

    try (DevdProcess devd = DevdProcess.start(temp, "up", "--port", "0", "--timestamps")) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(devd.stdout()).contains("exited with 3"));
      devd.signal("TERM");
      assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

      String printed = devd.stdout();
      assertThat(printed).doesNotContain("\033");
      assertThat(printed)
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[web\\] compiled$");
      assertThat(printed)
          .containsPattern(
              "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[web\\] `echo compiled; exit 3` exited with 3");
    }
  }

  @Test
  void aChattyBuildsOutputIsPrintedWholeAndStaysOutOfTheLogFile() throws Exception {
    // 100,000 numbered lines, about 3.5 MB.
    project.write(
        "devd.yaml",
        """
        localResources:
          - name: chatty
            cmd: seq -f 'line %06g of the build' 1 100000
            deps: [src]
        """);

    try (DevdProcess devd = DevdProcess.start(temp, "up", "--port", "0")) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(devd.stdout()).contains("[chatty] up to date in"));
      devd.signal("TERM");
      assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

      List<String> output =
          devd.stdout().lines().filter(line -> line.startsWith("[chatty] line ")).toList();
      assertThat(output).hasSize(100_000);
      assertThat(output.getFirst()).isEqualTo("[chatty] line 000001 of the build");
      assertThat(output.getLast()).isEqualTo("[chatty] line 100000 of the build");
      String logFile = Files.readString(temp.resolve(".devd/devd.log"));
      assertThat(logFile)
          .contains("[chatty] up to date in")
          .doesNotContain("line 000001", "line 100000");
    }
  }
}
