package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.engine.DevSession;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line devd up prints when every resource had its first update. */
class FirstUpdateSummaryTest {
  @Test
  void saysHowManyResourcesAreUpToDateAndHowLongItTook() {
    assertThat(
            FirstUpdateSummary.of(
                new DevSession.FirstUpdates(3, List.of(), Duration.ofMillis(4210))))
        .isEqualTo("3 resources up to date in 4.2s");
    assertThat(
            FirstUpdateSummary.of(
                new DevSession.FirstUpdates(1, List.of(), Duration.ofMillis(300))))
        .isEqualTo("1 resource up to date in 300ms");
  }

  @Test
  void namesTheResourcesThatFailed() {
    assertThat(
            FirstUpdateSummary.of(
                new DevSession.FirstUpdates(3, List.of("web", "db"), Duration.ofSeconds(12))))
        .isEqualTo("1 of 3 resources up to date in 12s; web, db failed");
  }
}
