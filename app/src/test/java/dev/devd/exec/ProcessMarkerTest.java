package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessMarkerTest {
  private static byte[] environ(String... entries) {
    return (String.join("\0", entries) + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aCommandsMarkMatchesOnlyThatCommand() {
    byte[] environ = environ("HOME=/root", "DEVD_RUN=0123456789abcdef/12", "PATH=/bin");

    assertThat(ProcessMarker.carries(environ, "0123456789abcdef/12")).isTrue();
    assertThat(ProcessMarker.carries(environ, "0123456789abcdef/1")).isFalse();
    assertThat(ProcessMarker.carries(environ, "0123456789abcdef/123")).isFalse();
  }

  @Test
  void aRunsMarkMatchesEachOfItsCommandsAndNoOtherRun() {
    String run = ProcessMarker.everyCommandOf("0123456789abcdef");

    assertThat(ProcessMarker.carries(environ("DEVD_RUN=0123456789abcdef/3"), run)).isTrue();
    assertThat(ProcessMarker.carries(environ("DEVD_RUN=0123456789abcdee/3"), run)).isFalse();
    assertThat(ProcessMarker.carries(environ("DEVD_RUN=0123456789abcdef"), run)).isFalse();
  }

  @Test
  void onlyTheVariableItselfCounts() {
    String mark = "0123456789abcdef/1";

    assertThat(ProcessMarker.carries(environ("OLD_DEVD_RUN=" + mark), mark)).isFalse();
    assertThat(ProcessMarker.carries(environ("X=DEVD_RUN=" + mark), mark)).isFalse();
    assertThat(ProcessMarker.carries(new byte[0], mark)).isFalse();
    assertThat(ProcessMarker.carries(("DEVD_RUN=" + mark).getBytes(StandardCharsets.UTF_8), mark))
        .isTrue();
  }

  @Test
  void eachCommandOfARunGetsItsOwnMark() {
    ProcessMarker marker = ProcessMarker.thisRun();

    String first = marker.nextCommand();
    String second = marker.nextCommand();

    assertThat(first).startsWith(marker.run() + "/").isNotEqualTo(second);
    assertThat(marker.run()).matches("[0-9a-f]{16}");
  }
}
