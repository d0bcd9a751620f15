package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.Processes;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No process of a {@code devd up} outlives it: commands that daemonize ({@code setsid} and a double
 * fork, so they are no longer below devd) are ended when devd is stopped, and after devd was
 * killed, by the next {@code devd up}. Checked as a user would, through /proc.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "devd finds detached processes through /proc")
class NoOrphansIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  // A build that starts a daemon and exits, and a serve command that starts one and runs on. Each
  // daemon is a sleep
  // started by a shell in a new session that then exits: the sleep is re-parented to init, out of
  // devd's tree.
  private static final String DEVD_YAML =
      """
      localResources:
        - name: builder
          cmd: setsid sh -c 'sleep 300 > /dev/null 2>&1 & echo $! >> daemons'
          deps: [src]
        - name: server
          serveCmd: setsid sh -c 'sleep 300 & echo $! >> daemons' & echo $$ >> servers; sleep 300
          deps: [src]
      """;

  @TempDir Path temp;
  private TestProject project;
  private final List<DevdProcess> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("src/a.txt", "x");
    project.write("devd.yaml", DEVD_YAML);
  }

  @AfterEach
  void stopDevd() throws Exception {
    for (DevdProcess devd : started) {
      if (devd.process().isAlive()) devd.signal("TERM");
      devd.process().waitFor(30, TimeUnit.SECONDS);
      devd.close();
    }
  }

  private DevdProcess up() throws IOException {
    DevdProcess devd = DevdProcess.start(temp, "up", "--port", "0");
    started.add(devd);
    return devd;
  }

  /**
   * Waits until both daemons run outside devd's process tree (their parent shells have exited), and
   * returns them.
   */
  private List<Long> awaitDetachedDaemons(DevdProcess devd) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("daemons")).hasSize(2));
    List<Long> daemons = project.lines("daemons").stream().map(Long::parseLong).toList();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Long> tree = devd.process().descendants().map(ProcessHandle::pid).toList();
              for (long daemon : daemons) {
                assertThat(Processes.isRunning(daemon)).as("daemon %d runs", daemon).isTrue();
                assertThat(tree)
                    .as("daemon %d has left devd's tree", daemon)
                    .doesNotContain(daemon);
              }
            });
    return daemons;
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void stoppingDevdEndsWhatItsCommandsStartedHoweverTheyDetached(String signal) throws Exception {
    DevdProcess devd = up();
    List<Long> daemons = awaitDetachedDaemons(devd);
    List<Long> run = processesOfTheRun();
    assertThat(run).containsAll(daemons);

    devd.signal(signal);

    assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).as("devd ended").isTrue();
    assertThat(devd.process().exitValue()).isZero();
    for (long pid : run)
      assertThat(Processes.isRunning(pid)).as("process %d of the run still runs", pid).isFalse();
    assertThat(Files.exists(temp.resolve(".devd/run.properties")))
        .as("the run's record is gone")
        .isFalse();
  }

  @Test
  void aDevdUpAfterOneThatWasKilledEndsWhatTheKilledOneLeftAndSaysSo() throws Exception {
    DevdProcess killed = up();
    List<Long> daemons = awaitDetachedDaemons(killed);
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("servers")).hasSize(1));
    List<Long> run = processesOfTheRun();
    assertThat(run).containsAll(daemons);

    killed.signal("KILL");
    assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (long pid : run)
      assertThat(Processes.isRunning(pid)).as("process %d outlives a killed devd", pid).isTrue();

    DevdProcess next = up();

    Pattern said =
        Pattern.compile(
            "ended (\\d+) process(es)? left by an earlier devd up that was killed \\(pid "
                + killed.pid()
                + "\\)");
    await().atMost(WAIT).untilAsserted(() -> assertThat(next.stdout()).containsPattern(said));
    Matcher count = said.matcher(next.stdout());
    assertThat(count.find()).isTrue();
    assertThat(Integer.parseInt(count.group(1))).isEqualTo(run.size());
    for (long pid : run)
      assertThat(Processes.isRunning(pid)).as("process %d of the killed run", pid).isFalse();
    // The new run starts its own serve command; the old one is not beside it.
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("servers")).hasSize(2));
    long oldServer = Long.parseLong(project.lines("servers").get(0));
    assertThat(Processes.isRunning(oldServer)).isFalse();
  }

  /**
   * The processes that carry the run's mark (the run named in .devd/run.properties), as {@code grep
   * -l} would find them.
   */
  private List<Long> processesOfTheRun() throws IOException {
    Properties record = new Properties();
    record.load(Files.newBufferedReader(temp.resolve(".devd/run.properties")));
    byte[] mark = ("DEVD_RUN=" + record.getProperty("run") + "/").getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        byte[] environ;
        try {
          environ = Files.readAllBytes(process.resolve("environ"));
        } catch (IOException gone) {
          continue;
        }
        if (indexOf(environ, mark) >= 0)
          found.add(Long.parseLong(process.getFileName().toString()));
      }
    }
    return found;
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (i > 0 && bytes[i - 1] != 0) continue;
      for (int j = 0; j < part.length; j++) if (bytes[i + j] != part[j]) continue outer;
      return i;
    }
    return -1;
  }
}
