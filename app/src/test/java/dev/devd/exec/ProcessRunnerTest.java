package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.devd.exec.ProcessResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the commands are sh scripts")
class ProcessRunnerTest {
  private final ProcessRunner runner = new ProcessRunner();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  private ProcessSpec sh(String script) {
    return ProcessSpec.of(List.of("sh", "-c", script), dir);
  }

  @Test
  void reportsExitCodeZeroAsSuccess() throws Exception {
    ProcessResult result = runner.run(sh("exit 0"), lines::add);

    assertThat(result.exitCode()).isZero();
    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.succeeded()).isTrue();
  }

  @Test
  void reportsNonZeroExitCodeAsFailure() throws Exception {
    ProcessResult result = runner.run(sh("exit 7"), lines::add);

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void reportsDeathBySignalAs128PlusSignal() throws Exception {
    assertThat(runner.run(sh("kill -TERM $$"), lines::add).exitCode()).isEqualTo(128 + 15);
    assertThat(runner.run(sh("kill -KILL $$"), lines::add).exitCode()).isEqualTo(128 + 9);
  }

  @Test
  void runsArgvWithoutShell() throws Exception {
    runner.run(
        ProcessSpec.of(List.of("printf", "%s|", "a b", "\"q\"", "${HOME}", "$(x)", "*"), dir),
        lines::add);

    assertThat(lines).containsExactly("a b|\"q\"|${HOME}|$(x)|*|");
  }

  @Test
  void givesTheInputOnStdinAndEndsIt() throws Exception {
    runner.run(sh("cat; echo end").withInput("héllo\nworld"), lines::add);

    assertThat(lines).containsExactly("héllo", "worldend");
  }

  @Test
  void withoutInputStdinEndsAtOnce() throws Exception {
    runner.run(sh("cat; echo end"), lines::add);

    assertThat(lines).containsExactly("end");
  }

  @Test
  void aCommandWithOpenInputReadsWhatIsWrittenWhileItRunsAndEndsWhenItIsClosed() throws Exception {
    RunningProcess process =
        runner.start(
            sh("while read -r line; do echo \"got $line\"; done; echo end").withOpenInput(),
            lines::add);

    process.input().write("one\n".getBytes(StandardCharsets.UTF_8));
    process.input().flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("got one"));
    assertThat(process.isAlive()).isTrue();
    process.input().write("two\n".getBytes(StandardCharsets.UTF_8));
    process.input().close();

    assertThat(process.onExit().get(10, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(lines).containsExactly("got one", "got two", "end");
  }

  @Test
  void deliversLinesInOrder() throws Exception {
    runner.run(sh("printf 'one\\ntwo\\n\\nfour\\n'"), lines::add);

    assertThat(lines).containsExactly("one", "two", "", "four");
  }

  @Test
  void deliversFinalLineWithoutNewline() throws Exception {
    runner.run(sh("printf 'first\\nlast'"), lines::add);

    assertThat(lines).containsExactly("first", "last");
  }

  @Test
  void dropsCarriageReturnOfCrlf() throws Exception {
    runner.run(sh("printf 'a\\r\\nb\\r\\n'"), lines::add);

    assertThat(lines).containsExactly("a", "b");
  }

  @Test
  void decodesUtf8() throws Exception {
    // Through a file, so the test does not depend on how the JVM encodes non-ASCII argv in this
    // locale.
    Files.writeString(dir.resolve("text"), "héllo wörld ✓\n日本語 🚀\n", StandardCharsets.UTF_8);

    runner.run(sh("cat text"), lines::add);

    assertThat(lines).containsExactly("héllo wörld ✓", "日本語 🚀");
  }

  @Test
  void capturesStderrAndKeepsOrderPerStream() throws Exception {
    runner.run(sh("echo out1; echo err1 >&2; echo out2; echo err2 >&2; echo out3"), lines::add);

    assertThat(lines).filteredOn(l -> l.startsWith("out")).containsExactly("out1", "out2", "out3");
    assertThat(lines).filteredOn(l -> l.startsWith("err")).containsExactly("err1", "err2");
  }

  @Test
  void keepsStdoutAndStderrApartWhenAskedTo() throws Exception {
    List<String> errors = new CopyOnWriteArrayList<>();

    runner.run(sh("echo data; echo oops >&2"), lines::add, errors::add);

    assertThat(lines).containsExactly("data");
    assertThat(errors).containsExactly("oops");
  }

  @Test
  void splitsVeryLongLines() throws Exception {
    int total = 3 * LineSplitter.MAX_LINE_BYTES + 100;

    runner.run(sh("head -c " + total + " /dev/zero | tr '\\0' a; echo; echo next"), lines::add);

    assertThat(lines)
        .extracting(String::length)
        .containsExactly(
            LineSplitter.MAX_LINE_BYTES,
            LineSplitter.MAX_LINE_BYTES,
            LineSplitter.MAX_LINE_BYTES,
            100,
            4);
    assertThat(String.join("", lines.subList(0, 4))).isEqualTo("a".repeat(total));
  }

  @Test
  void keepsDeliveringAfterSinkThrows() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();

    ProcessResult result =
        runner.run(
            sh("echo bad; echo good; echo better"),
            line -> {
              if (line.equals("bad")) throw new IllegalStateException("sink broke");
              delivered.add(line);
            });

    assertThat(delivered).containsExactly("good", "better");
    assertThat(result.succeeded()).isTrue();
  }

  @Test
  void closesStdinSoReadersEndAtOnce() throws Exception {
    ProcessResult result = runner.run(sh("cat; echo after"), lines::add);

    assertThat(result.succeeded()).isTrue();
    assertThat(lines).containsExactly("after");
  }

  @Test
  void passesExtraEnvOnTopOfDevdsEnvironment() throws Exception {
    String path = System.getenv("PATH");
    ProcessSpec spec =
        sh("echo \"$DEVD_TEST_GREETING\"; echo \"$PATH\"")
            .withExtraEnv(Map.of("DEVD_TEST_GREETING", "hello there"));

    runner.run(spec, lines::add);

    assertThat(lines).containsExactly("hello there", path);
  }

  @Test
  void extraEnvOverridesDevdsEnvironment() throws Exception {
    String inherited =
        System.getenv().keySet().stream().filter(k -> !k.equals("PATH")).findFirst().orElseThrow();

    runner.run(
        sh("echo \"$" + inherited + "\"").withExtraEnv(Map.of(inherited, "overridden")),
        lines::add);

    assertThat(lines).containsExactly("overridden");
  }

  @Test
  void marksEachCommandWithTheRunAndItsOwnNumber() throws Exception {
    runner.run(sh("echo \"$DEVD_RUN\""), lines::add);
    runner.run(sh("echo \"$DEVD_RUN\"").withExtraEnv(Map.of("DEVD_RUN", "taken off")), lines::add);

    assertThat(lines).hasSize(2).allMatch(mark -> mark.matches("[0-9a-f]{16}/\\d+"));
    assertThat(lines.get(0).split("/")[0]).isEqualTo(lines.get(1).split("/")[0]);
    assertThat(lines.get(0)).isNotEqualTo(lines.get(1));
  }

  @Test
  void runsInTheGivenDir() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub dir"));

    runner.run(ProcessSpec.of(List.of("pwd", "-P"), sub), lines::add);

    assertThat(lines).containsExactly(sub.toRealPath().toString());
  }

  @Test
  void runsRelativeProgramFromTheGivenDir() throws Exception {
    Path script = dir.resolve("hello.sh");
    Files.writeString(script, "#!/bin/sh\necho hello from script\n");
    script.toFile().setExecutable(true);

    runner.run(ProcessSpec.of(List.of("./hello.sh"), dir), lines::add);

    assertThat(lines).containsExactly("hello from script");
  }

  @Test
  void worksFromManyVirtualThreadsAtOnce() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<List<String>> outputs =
        IntStream.range(0, 20)
            .mapToObj(i -> (List<String>) new CopyOnWriteArrayList<String>())
            .toList();
    List<ProcessResult> results = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      results.add(
                          runner.run(sh("echo start " + n + "; exit " + n), outputs.get(n)::add));
                    } catch (ProcessStartException e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    for (Thread t : threads) t.join();

    assertThat(results)
        .extracting(ProcessResult::exitCode)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
    for (int i = 0; i < 20; i++) assertThat(outputs.get(i)).containsExactly("start " + i);
  }

  @Test
  void stopAfterExitReturnsTheResult() throws Exception {
    RunningProcess process = runner.start(sh("echo done"), lines::add);
    ProcessResult exited = process.onExit().get();

    assertThat(process.stop()).isEqualTo(exited);
    assertThat(exited.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(process.isAlive()).isFalse();
  }

  @Test
  void explainsMissingProgram() {
    assertThatThrownBy(
            () -> runner.run(ProcessSpec.of(List.of("devd-no-such-program"), dir), lines::add))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage(
            "cannot start \"devd-no-such-program\": no such program on PATH; install it or check its spelling");
  }

  @Test
  void suggestsDotSlashForProgramInTheDir() throws Exception {
    Path script = dir.resolve("build.sh");
    Files.writeString(script, "#!/bin/sh\n");
    script.toFile().setExecutable(true);

    assertThatThrownBy(() -> runner.run(ProcessSpec.of(List.of("build.sh"), dir), lines::add))
        .hasMessage(
            "cannot start \"build.sh\": no such program on PATH; to run the file build.sh in "
                + dir
                + ", write ./build.sh");
  }

  @Test
  void explainsMissingProgramFile() {
    assertThatThrownBy(
            () -> runner.run(ProcessSpec.of(List.of("./scripts/build.sh"), dir), lines::add))
        .hasMessage(
            "cannot start \"./scripts/build.sh\": no such file "
                + dir.resolve("scripts/build.sh")
                + "; check the path; a relative path starts in the command's working folder "
                + dir);
  }

  @Test
  void explainsProgramThatIsNotExecutable() throws Exception {
    Files.writeString(dir.resolve("build.sh"), "echo hi\n");

    assertThatThrownBy(() -> runner.run(ProcessSpec.of(List.of("./build.sh"), dir), lines::add))
        .hasMessage(
            "cannot start \"./build.sh\": "
                + dir.resolve("build.sh")
                + " is not executable;"
                + " make it executable (chmod +x ./build.sh) or run it through its interpreter");
  }

  @Test
  void explainsMissingInterpreter() throws Exception {
    Path script = dir.resolve("build.sh");
    Files.writeString(script, "#!/devd/no/such/interpreter\n");
    script.toFile().setExecutable(true);

    assertThatThrownBy(
            () -> runner.run(ProcessSpec.of(List.of(script.toString()), dir), lines::add))
        .hasMessage(
            "cannot start \""
                + script
                + "\": the interpreter on the #! line of "
                + script
                + " was not found; install that interpreter or fix the script's first line");
  }

  @Test
  void explainsMissingDir() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> runner.run(ProcessSpec.of(List.of("true"), missing), lines::add))
        .isInstanceOf(ProcessStartException.class)
        .hasMessage(
            "cannot start \"true\": its working folder "
                + missing
                + " does not exist; create it or point the command at an existing folder");
  }

  @Test
  void explainsDirThatIsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "");

    assertThatThrownBy(() -> runner.run(ProcessSpec.of(List.of("true"), file), lines::add))
        .hasMessage(
            "cannot start \"true\": its working folder "
                + file
                + " is a file, not a folder;"
                + " point the command at a folder");
  }

  @Test
  void exceptionKeepsItsPartsForCallersToRephrase() {
    try {
      runner.run(ProcessSpec.of(List.of("devd-no-such-program"), dir), lines::add);
      throw new AssertionError("expected a ProcessStartException");
    } catch (ProcessStartException e) {
      assertThat(e.program()).isEqualTo("devd-no-such-program");
      assertThat(e.problem()).isEqualTo("no such program on PATH");
      assertThat(e.fix()).isEqualTo("install it or check its spelling");
    }
  }
}
