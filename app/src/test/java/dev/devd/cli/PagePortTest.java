package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PagePortTest {
  @Test
  void withoutAChoiceTheDefaultIsTried() throws Exception {
    assertThat(PagePort.of(null, Map.of()).chosen()).isEmpty();
    assertThat(PagePort.of(null, Map.of("DEVD_PORT", " ")).chosen()).isEmpty();
  }

  @Test
  void thePortOptionWinsOverTheVariable() throws Exception {
    assertThat(PagePort.of(8080, Map.of("DEVD_PORT", "9090")).chosen())
        .isEqualTo(OptionalInt.of(8080));
    assertThat(PagePort.of(null, Map.of("DEVD_PORT", "9090")).chosen())
        .isEqualTo(OptionalInt.of(9090));
    assertThat(PagePort.of(0, Map.of()).chosen()).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void aPortThatIsNoneSaysWhatToDo() {
    assertThatThrownBy(() -> PagePort.of(null, Map.of("DEVD_PORT", "http")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "DEVD_PORT=http is not a port; set it to a number from 0 to 65535, or unset it");
    assertThatThrownBy(() -> PagePort.of(70000, Map.of()))
        .hasMessage("--port 70000 is not a port; give a number from 0 (any free port) to 65535");
  }
}
