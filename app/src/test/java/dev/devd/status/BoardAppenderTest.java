package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.console.ResourceLog;
import dev.devd.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoardAppenderTest {
  private final StatusBoard board =
      new StatusBoard(new ManualClock(Instant.parse("2025-03-01T10:00:00Z")));

  private List<String> lines() {
    return board.lines(Optional.empty(), 0).lines().stream().map(LogLine::prefixed).toList();
  }

  @Test
  void copiesConsoleLinesUnderTheirResourceButNotLogFileDetails() {
    BoardAppender appender = BoardAppender.attach(board);
    new ResourceLog("web").info("build took {}", "1.2s");
    new ResourceLog("web").output("STEP 1/3 — Building Custom Build: [web]");
    ResourceLog.devd().warn("devd is watching 2 folders");
    new ResourceLog("web").debug("raw response {}", "{...}");
    appender.close();

    assertThat(lines())
        .containsExactly(
            "[web] build took 1.2s",
            "[web] STEP 1/3 — Building Custom Build: [web]",
            "devd is watching 2 folders");
  }

  @Test
  void stopsCopyingOnceClosed() {
    BoardAppender appender = BoardAppender.attach(board);
    new ResourceLog("web").info("before");
    appender.close();

    new ResourceLog("web").info("after");

    assertThat(lines()).containsExactly("[web] before");
  }
}
