package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebouncerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Debouncer debouncer =
      new Debouncer("web", Duration.ofMillis(100), Duration.ofSeconds(10));

  private static FileChange change(String path, long millis) {
    return new FileChange(Path.of("/p", path), T0.plusMillis(millis));
  }

  @Test
  void emitsOneBatchAfterQuietPeriod() {
    debouncer.add(change("a", 0));
    debouncer.add(change("b", 50));

    assertThat(debouncer.takeIfDue(T0.plusMillis(149))).isEmpty();
    ChangeBatch batch = debouncer.takeIfDue(T0.plusMillis(150)).orElseThrow();

    assertThat(batch.paths()).containsExactly(Path.of("/p/a"), Path.of("/p/b"));
    assertThat(batch.firstSeen()).isEqualTo(T0);
    assertThat(batch.lastSeen()).isEqualTo(T0.plusMillis(50));
    assertThat(debouncer.isEmpty()).isTrue();
  }

  @Test
  void eachChangeRestartsTheQuietPeriod() {
    debouncer.add(change("a", 0));
    debouncer.add(change("a", 90));
    debouncer.add(change("a", 180));

    assertThat(debouncer.dueAt()).contains(T0.plusMillis(280));
    assertThat(debouncer.takeIfDue(T0.plusMillis(279))).isEmpty();
  }

  @Test
  void capsABatchAtMaxWaitWhenChangesNeverStop() {
    for (long t = 0; t <= 10_000; t += 50) debouncer.add(change("log.txt", t));

    assertThat(debouncer.dueAt()).contains(T0.plusSeconds(10));
    assertThat(debouncer.takeIfDue(T0.plusSeconds(10))).isPresent();
  }

  @Test
  void keepsEachPathOnceInFirstSeenOrder() {
    debouncer.add(change("b", 0));
    debouncer.add(change("a", 1));
    debouncer.add(change("b", 2));

    assertThat(debouncer.take().paths()).containsExactly(Path.of("/p/b"), Path.of("/p/a"));
  }

  @Test
  void zeroQuietPeriodIsDueAtOnce() {
    Debouncer immediate = new Debouncer("web", Duration.ZERO, Duration.ofSeconds(10));
    immediate.add(change("a", 5));

    assertThat(immediate.takeIfDue(T0.plusMillis(5))).isPresent();
  }

  @Test
  void isNotDueWhenEmpty() {
    assertThat(debouncer.dueAt()).isEmpty();
    assertThat(debouncer.takeIfDue(T0.plusSeconds(100))).isEmpty();
  }
}
