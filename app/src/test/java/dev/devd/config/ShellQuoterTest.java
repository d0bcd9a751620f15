package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoterTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "./cmd/api|./cmd/api",
        "KEY=value|KEY=value",
        "my app|'my app'",
        "it's|'it'\\''s'",
        "$HOME|'$HOME'",
        "a\"b|'a\"b'",
        "*.go|'*.go'",
        "~/x|'~/x'",
        "\"\"|''",
      })
  void posix(String value, String quoted) {
    assertThat(ShellQuoter.posix(value)).isEqualTo(quoted);
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "./cmd/api|./cmd/api",
        "C:\\src\\app|C:\\src\\app",
        "my app|^\"my app^\"",
        "say \"hi\"|^\"say \\^\"hi\\^\"^\"",
        "%PATH%|^\"^%PATH^%^\"",
        "a&b|^\"a^&b^\"",
        "`a|b`|`^\"a^|b^\"`",
        "C:\\my dir\\|^\"C:\\my dir\\\\^\"",
        "a\\\"b|^\"a\\\\\\^\"b^\"",
        "``|^\"^\"",
      })
  void cmdExe(String value, String quoted) {
    assertThat(ShellQuoter.cmdExe(value)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @DisabledOnOs(OS.WINDOWS) // needs sh
  @ValueSource(
      strings = {
        "plain",
        "my app",
        "it's a \"test\"",
        "$HOME and $(rm -rf /) and `x`",
        "a\\b",
        "*",
        "",
        "line1\nline2",
        "; & | < > ( ) { } [ ] ! #"
      })
  void posixQuotingPassesTheValueThroughShUnchanged(String value)
      throws IOException, InterruptedException {
    // A real sh prints the one argument it was given.
    Process sh =
        new ProcessBuilder(List.of("sh", "-c", "printf '%s' " + ShellQuoter.posix(value)))
            .redirectErrorStream(true)
            .start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor()).isZero();
    assertThat(out).isEqualTo(value);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // needs sh
  void posixQuotingKeepsEachValueOneArgument() throws IOException, InterruptedException {
    String command = "printf '[%s]' " + ShellQuoter.posix("a b") + " " + ShellQuoter.posix("c'd");
    Process sh = new ProcessBuilder(List.of("sh", "-c", command)).start();
    assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("[a b][c'd]");
    assertThat(sh.waitFor()).isZero();
  }
}
