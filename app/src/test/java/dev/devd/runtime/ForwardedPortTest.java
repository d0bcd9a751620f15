package dev.devd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedPortTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "8000              | 127.0.0.1 | 8000 | 8000",
        "8000:80           | 127.0.0.1 | 8000 | 80",
        "127.0.0.1:8000:80 | 127.0.0.1 | 8000 | 80",
        "0.0.0.0:9000:9000 | 0.0.0.0   | 9000 | 9000",
        "localhost:1:65535 | localhost | 1    | 65535",
      })
  void readsTheFormsPortForwardsAreWrittenIn(String text, String host, int local, int container) {
    assertThat(ForwardedPort.parse(text)).isEqualTo(new ForwardedPort(host, local, container));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''             | '\"\" is not a port (1 to 65535)'",
        "http           | '\"http\" is not a port (1 to 65535)'",
        "8000:0         | '\"0\" is not a port (1 to 65535)'",
        "70000:80       | '\"70000\" is not a port (1 to 65535)'",
        "8000:-1        | '\"-1\" is not a port (1 to 65535)'",
        ":8000:80       | '\"\" is not a host'",
        "a:b:8000:80    | 'it has 4 parts; it takes at most 3'",
      })
  void rejectsWhatIsNotAPortForwardQuotingIt(String text, String reason) {
    assertThatThrownBy(() -> ForwardedPort.parse(text))
        .isInstanceOf(InvalidPortForwardException.class)
        .hasMessage(
            "invalid port forward \""
                + text
                + "\": "
                + reason
                + "; write LOCAL:CONTAINER, e.g. \"8000:80\", "
                + "or HOST:LOCAL:CONTAINER, e.g. \"127.0.0.1:8000:80\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"8000:80 | http://127.0.0.1:8000", "0.0.0.0:9000:80 | http://0.0.0.0:9000"})
  void showsTheLocalEndAsAUrl(String text, String url) {
    assertThat(ForwardedPort.parse(text).localUrl()).isEqualTo(url);
  }
}
