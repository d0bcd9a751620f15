package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.devd.testing.DevdProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar and its libraries as the AOT cache of scripts/devd sees them: a class the cache
 * leaves out is loaded and verified from its jar at every start. picocli is compiled for Java 5,
 * which the cache cannot hold, so the build rewrites its class files
 * (src/build/UpgradeClassFiles.java); this checks that it did, through the JVM.
 */
class StartupCacheIT {
  @TempDir Path work;

  @Test
  void picocliIsLoadedFromTheAotCacheLikeDevdsOwnClasses() throws Exception {
    assumeThat(Runtime.version().feature())
        .as("the AOT cache needs JDK 25")
        .isGreaterThanOrEqualTo(25);
    Path cache = work.resolve("devd.aot");
    Path log = work.resolve("class-load.txt");

    Run training =
        java("-XX:AOTCacheOutput=" + cache, "-jar", DevdProcess.jar().toString(), "version");
    assertThat(training.exitCode()).as(training.output()).isZero();
    assertThat(cache).exists();

    Run cached =
        java(
            "-XX:AOTCache=" + cache,
            "-Xlog:class+load:file=" + log,
            "-jar",
            DevdProcess.jar().toString(),
            "version");
    assertThat(cached.exitCode()).as(cached.output()).isZero();
    List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(loaded)
        .anyMatch(line -> line.contains(" dev.devd.cli.Cli source: shared objects file"));
    assertThat(loaded)
        .anyMatch(line -> line.contains(" picocli.CommandLine source: shared objects file"));
    assertThat(loaded)
        .filteredOn(line -> line.contains(" picocli."))
        .noneMatch(line -> line.contains("source: file:"));
  }

  private record Run(int exitCode, String output) {}

  private Run java(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(work, "java", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("java did not end within 2 minutes: " + command);
    }
    return new Run(process.exitValue(), Files.readString(output));
  }
}
