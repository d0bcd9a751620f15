package dev.devd.config;

import java.time.Duration;

/**
 * Writes durations the way devd shows them to people: {@code 850ms}, {@code 12.4s}, {@code 2m3s},
 * {@code 1h5m}.
 */
public final class DurationFormatter {
  private DurationFormatter() {}

  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) return millis + "ms";
    if (millis < 60_000) {
      long tenths = Math.round(millis / 100.0);
      return tenths % 10 == 0 ? (tenths / 10) + "s" : (tenths / 10) + "." + (tenths % 10) + "s";
    }
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 3600)
      return (seconds / 60) + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
    long minutes = Math.round(seconds / 60.0);
    return (minutes / 60) + "h" + (minutes % 60 == 0 ? "" : (minutes % 60) + "m");
  }
}
