package dev.devd.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.console.LineRenderer.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private final List<String> heard = new ArrayList<>();

  private Terminal terminal(boolean isTerminal) {
    Terminal terminal = new Terminal(isTerminal, Map.of(), () -> out);
    terminal.addOutputListener(
        (resource, lines) -> lines.forEach(line -> heard.add(resource + ": " + line)));
    return terminal;
  }

  private static LineBatch batch(byte[] bytes) {
    LineBatch batch = new LineBatch();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        batch.add(bytes, start, i);
        start = i + 1;
      }
    }
    return batch;
  }

  @Test
  void printsEachLineOfABatchUnderItsNameAndTellsTheListeners() {
    Terminal terminal = terminal(false);

    terminal.output("web", batch("compiling\n✓ done\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("[web] compiling\n[web] ✓ done\n");
    assertThat(heard).containsExactly("web: compiling", "web: ✓ done");
  }

  @Test
  void passesTheCommandsBytesThroughAsTheyAre() {
    byte[] notUtf8 = {'a', (byte) 0xFF, 'b', '\n'};

    terminal(false).output("web", batch(notUtf8));

    byte[] expected = {'[', 'w', 'e', 'b', ']', ' ', 'a', (byte) 0xFF, 'b', '\n'};
    assertThat(printed.toByteArray()).isEqualTo(expected);
    assertThat(heard).containsExactly("web: a\uFFFDb");
  }

  @Test
  void aBatchLargerThanTheBufferArrivesWhole() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) text.append("line ").append(i).append('\n');
    text.append("x".repeat(100_000)).append('\n');

    terminal(false).output("web", batch(text.toString().getBytes(StandardCharsets.UTF_8)));

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(20_001);
    assertThat(lines.get(19_999)).isEqualTo("[web] line 19999");
    assertThat(lines.getLast()).isEqualTo("[web] " + "x".repeat(100_000));
  }

  @Test
  void devdsOwnLinesAreNotCommandOutput() {
    Terminal terminal = terminal(false);

    terminal.print("web", Severity.ERROR, "build failed", Instant.EPOCH);
    terminal.output("web", "one\ntwo");

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo("[web] build failed\n[web] one\ntwo\n");
    assertThat(heard).containsExactly("web: one", "web: two");
  }

  @Test
  void noColorAndTimestampsChangeTheLinesThatFollow() {
    Terminal terminal = terminal(true);
    terminal.output("web", "coloured");
    terminal.noColour();
    terminal.timestamps();
    terminal.output("web", "plain");

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).contains("\033[").endsWith(" coloured");
    assertThat(lines.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[web\\] plain");
  }
}
