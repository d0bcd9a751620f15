package dev.devd.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code watch:} section: global ignore patterns (relative to the folder of devd.yaml), the
 * quiet period that closes a batch of changes, and the cap on how long a batch may stay open.
 */
public record WatchSettings(List<String> ignore, Duration debounce, Duration maxWait) {
  // 100 ms groups an editor's "save all" and a formatter's rewrite into one batch without being
  // felt; Tilt uses 200 ms.
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);
  // A process that writes into a watched folder forever must not postpone builds forever.
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

  public static final WatchSettings DEFAULTS =
      new WatchSettings(List.of(), DEFAULT_DEBOUNCE, DEFAULT_MAX_WAIT);

  public WatchSettings {
    ignore = List.copyOf(ignore);
  }
}
