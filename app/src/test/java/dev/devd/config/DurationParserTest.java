package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0, PT0S",
    "100ms, PT0.1S",
    "10s, PT10S",
    "2m, PT2M",
    "1h, PT1H",
    "1m30s, PT1M30S",
    "1h2m3s4ms, PT1H2M3.004S",
    "1.5s, PT1.5S",
    ".5s, PT0.5S",
    "1.s, PT1S",
    "250us, PT0.00025S",
    "250µs, PT0.00025S",
    "250μs, PT0.00025S",
    "7ns, PT0.000000007S",
    "0s, PT0S",
    "0.0000000001s, PT0S",
    "90m, PT1H30M",
  })
  void parses(String text, Duration expected) {
    assertThat(DurationParser.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10",
        "10 sec",
        "10sec",
        "s",
        ".s",
        "1..5s",
        "1.2.3s",
        "+5s",
        "5S",
        "5 s",
        "1d",
        "ms",
        "1m 30s",
        "5s ",
        "99999999999h"
      })
  void rejects(String text) {
    assertThatThrownBy(() -> DurationParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-0", "-1m30s"})
  void rejectsNegative(String text) {
    assertThatThrownBy(() -> DurationParser.parse(text))
        .hasMessage("negative duration \"" + text + "\"");
  }
}
