package dev.devd.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.console.LineRenderer.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineRendererTest {
  private static final Instant TIME = Instant.parse("2025-03-01T10:04:05.678Z");
  private static final String ESC = "\033[";

  private static LineRenderer renderer(
      boolean terminal, Map<String, String> environment, boolean noColorFlag) {
    return LineRenderer.of(terminal, environment, noColorFlag, false, ZoneOffset.UTC);
  }

  @Test
  void onATerminalTheNameIsColouredAndAnErrorIsRed() {
    LineRenderer renderer = renderer(true, Map.of(), false);
    String colour = LineRenderer.colourOf("web");

    assertThat(renderer.render("web", Severity.INFO, "build took 1.2s", TIME))
        .isEqualTo(colour + "[web]" + ESC + "0m build took 1.2s");
    assertThat(renderer.render("web", Severity.ERROR, "build failed", TIME))
        .isEqualTo(colour + "[web]" + ESC + "0m " + ESC + "31mbuild failed" + ESC + "0m");
    assertThat(renderer.render("", Severity.ERROR, "devd stopped", TIME))
        .isEqualTo(ESC + "31mdevd stopped" + ESC + "0m");
  }

  @ParameterizedTest(name = "terminal={0}, NO_COLOR=\"{1}\", --no-color={2}: coloured {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true  | <unset> | false | true",
        "false | <unset> | false | false",
        "true  | 1       | false | false",
        "true  | anything| false | false",
        "true  | ''      | false | true",
        "true  | <unset> | true  | false",
        "false | 1       | true  | false",
      })
  void colourOnlyOnATerminalWithoutNoColorOrTheFlag(
      boolean terminal, String noColor, boolean flag, boolean coloured) {
    Map<String, String> environment =
        noColor.equals("<unset>") ? Map.of() : Map.of("NO_COLOR", noColor);
    LineRenderer renderer = renderer(terminal, environment, flag);

    String info = renderer.render("web", Severity.INFO, "ready", TIME);
    String error = renderer.render("web", Severity.ERROR, "failed", TIME);

    assertThat(renderer.colour()).isEqualTo(coloured);
    if (coloured) {
      assertThat(info).contains(ESC);
      assertThat(error).contains(ESC + "31m");
    } else {
      assertThat(info).isEqualTo("[web] ready");
      assertThat(error).isEqualTo("[web] failed");
    }
  }

  @Test
  void aNameKeepsItsColourAndNamesAreSpreadOverSeveralColours() {
    assertThat(LineRenderer.colourOf("web")).isEqualTo(LineRenderer.colourOf(new String("web")));
    // "web".hashCode() is fixed by the language, so this holds in every run and on every machine.
    assertThat(LineRenderer.colourOf("web")).isEqualTo(ESC + "94m");
    assertThat(
            java.util.stream.Stream.of("web", "api", "db", "worker", "frontend")
                .map(LineRenderer::colourOf)
                .distinct())
        .hasSizeGreaterThan(2);
    assertThat(
            java.util.stream.Stream.of("web", "api", "db", "worker", "frontend")
                .map(LineRenderer::colourOf))
        .doesNotContain(LineRenderer.RED);
  }

  @Test
  void timestampsStartEachLineWithTheTime() {
    LineRenderer renderer = LineRenderer.of(false, Map.of(), false, true, ZoneOffset.UTC);

    assertThat(renderer.render("web", Severity.INFO, "ready", TIME))
        .isEqualTo("10:04:05.678 [web] ready");
    assertThat(renderer.render("", Severity.INFO, "devd is watching", TIME))
        .isEqualTo("10:04:05.678 devd is watching");
  }

  @Test
  void devdsOwnLinesHaveNoPrefix() {
    assertThat(renderer(false, Map.of(), false).render("", Severity.WARNING, "warning: x", TIME))
        .isEqualTo("warning: x");
    assertThat(renderer(false, Map.of(), false).render(null, Severity.INFO, "stopped", TIME))
        .isEqualTo("stopped");
  }
}
