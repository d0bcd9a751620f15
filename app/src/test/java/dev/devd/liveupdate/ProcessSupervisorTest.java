package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The supervisor and trigger scripts run by real shells on this machine, the system's sh (dash on
 * Debian) and busybox sh (what small images have), with a program that notes each start in a file
 * and then waits.
 */
class ProcessSupervisorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  // Notes its pid in the log given as $0, then sleeps (exec, so that TERM reaches the sleeping
  // process itself).
  private static final String PROGRAM = "echo \"run $$\" >> \"$0\"; exec sleep 600";

  @TempDir Path temp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(process -> process.descendants().forEach(ProcessHandle::destroyForcibly));
    started.forEach(Process::destroyForcibly);
  }

  static Stream<List<String>> shells() {
    return Stream.of(List.of("/bin/sh"), List.of("/bin/busybox", "sh"))
        .filter(shell -> Files.isExecutable(Path.of(shell.getFirst())));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void theTriggerRestartsTheProgramUnderTheSameSupervisor(List<String> shell) throws Exception {
    Path log = temp.resolve("runs.log");
    Process supervisor = supervise(shell, List.of("sh", "-c", PROGRAM, log.toString()));
    await().atMost(WAIT).until(() -> lines(log).size() == 1);

    assertThat(trigger(shell).waitFor()).isZero();

    await().atMost(WAIT).until(() -> lines(log).size() == 2);
    assertThat(lines(log).get(1)).isNotEqualTo(lines(log).get(0));
    assertThat(supervisor.isAlive()).isTrue();
    assertThat(Files.readString(pidFile()).strip()).isEqualTo(Long.toString(supervisor.pid()));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void stoppingTheSupervisorStopsTheProgram(List<String> shell) throws Exception {
    Path log = temp.resolve("runs.log");
    Process supervisor = supervise(shell, List.of("sh", "-c", PROGRAM, log.toString()));
    await().atMost(WAIT).until(() -> lines(log).size() == 1);

    supervisor.destroy(); // SIGTERM, as a container runtime stops a container

    assertThat(supervisor.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(supervisor.exitValue()).isEqualTo(143);
    assertThat(supervisor.descendants().count()).isZero();
  }

  @ParameterizedTest
  @MethodSource("shells")
  void aProgramThatEndsByItselfEndsTheSupervisorWithItsExitCode(List<String> shell)
      throws Exception {
    Process supervisor = supervise(shell, List.of("sh", "-c", "exit 7"));

    assertThat(supervisor.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(supervisor.exitValue()).isEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("shells")
  void theTriggerSaysSoInAContainerWithoutTheSupervisor(List<String> shell) throws Exception {
    List<String> argv = new ArrayList<>(shell);
    argv.addAll(List.of("-c", ProcessSupervisor.TRIGGER));
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().remove(ProcessSupervisor.PIDFILE_ENV);
    Process trigger = builder.start();

    assertThat(trigger.waitFor()).isEqualTo(3);
    assertThat(new String(trigger.getInputStream().readAllBytes()))
        .contains("does not run under devd's restartProcess supervisor");
  }

  private Process supervise(List<String> shell, List<String> program) throws IOException {
    List<String> argv = new ArrayList<>(shell);
    argv.addAll(List.of("-c", ProcessSupervisor.SCRIPT, ProcessSupervisor.NAME));
    argv.addAll(program);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("supervisor.out").toFile());
    builder.environment().put(ProcessSupervisor.PIDFILE_ENV, pidFile().toString());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private Process trigger(List<String> shell) throws IOException {
    List<String> argv = new ArrayList<>(shell);
    argv.addAll(List.of("-c", ProcessSupervisor.TRIGGER));
    ProcessBuilder builder = new ProcessBuilder(argv).inheritIO();
    builder.environment().put(ProcessSupervisor.PIDFILE_ENV, pidFile().toString());
    return builder.start();
  }

  private Path pidFile() {
    return temp.resolve("supervisor.pid");
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
