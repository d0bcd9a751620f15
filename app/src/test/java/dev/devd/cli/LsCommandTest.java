package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LsCommandTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private static LsCommand.Listed web() {
    Map<String, String> resources = new LinkedHashMap<>();
    resources.put("web", "ok");
    resources.put("api", "failed");
    return new LsCommand.Listed(
        "/projects/ada/shop",
        4242,
        "http://127.0.0.1:10350/",
        10350,
        Optional.of(NOW.minusSeconds(192)),
        "watching",
        resources);
  }

  private static LsCommand.Listed starting() {
    return new LsCommand.Listed(
        "/projects/ada/blog",
        77,
        "http://127.0.0.1:10351/",
        10351,
        Optional.of(NOW.minusMillis(800)),
        "starting",
        Map.of());
  }

  @Test
  void aTableWithOneLinePerDevd() {
    assertThat(LsCommand.table(List.of(web(), starting()), NOW))
        .containsExactly(
            "PROJECT             PID   PAGE                     UPTIME  RESOURCES",
            "/projects/ada/shop  4242  http://127.0.0.1:10350/  3m12s   web:ok api:failed",
            "/projects/ada/blog  77    http://127.0.0.1:10351/  0s      (starting)");
  }

  @Test
  void saysWhenNoneRuns() {
    assertThat(LsCommand.table(List.of(), NOW))
        .containsExactly(
            "no devd is running for you on this machine; start one with devd up --detach");
  }

  @Test
  void jsonHasTheSameFields() {
    assertThat(LsCommand.toJson(List.of(web()), NOW))
        .isEqualTo(
            "[{\"project\":\"/projects/ada/shop\",\"pid\":4242,"
                + "\"url\":\"http://127.0.0.1:10350/\",\"port\":10350,\"started\":\"2025-03-01T09:56:48Z\",\"uptimeSeconds\":192,"
                + "\"state\":\"watching\",\"resources\":{\"web\":\"ok\",\"api\":\"failed\"}}]");
  }
}
