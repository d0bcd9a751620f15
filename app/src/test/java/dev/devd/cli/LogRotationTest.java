package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The log file as the shipped {@code config/logback.xml} makes it: capped and rotated, whatever
 * devd writes to it.
 */
class LogRotationTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void theLogFileStaysWithinThreeFilesOfAboutTenMegabytesEachReadableByItsOwnerOnly()
      throws Exception {
    Path file = dir.resolve("devd.log");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty(LogFile.PROPERTY, file.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogRotationTest.class.getResource("/logback.xml"));
    Logger details = context.getLogger("devd.details");
    String line = "x".repeat(100 * 1024);

    for (int i = 0; i < 450; i++) details.debug("{} {}", i, line); // 45 MB
    context.stop();

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("devd.log", "devd.log.1", "devd.log.2");
    }
    for (String name : new String[] {"devd.log", "devd.log.1", "devd.log.2"}) {
      assertThat(Files.size(dir.resolve(name))).as(name).isLessThanOrEqualTo(10 * MB + 200 * 1024);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
    assertThat(Files.readString(file)).contains("449 xxx");
  }
}
