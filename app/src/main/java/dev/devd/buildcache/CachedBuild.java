package dev.devd.buildcache;

import dev.devd.image.ImageRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A build devd made before for the inputs an image has now, whose image still exists where the
 * runtime takes it from: deploying {@code ref} stands in for running the build command.
 *
 * @param since when these inputs were first built
 */
public record CachedBuild(ImageRef ref, Instant since) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DAY_AND_TIME =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

  /**
   * The terminal's line: {@code cached: inputs unchanged since 10:42, web:devd-3f2a9c01d2e4b7a6}.
   */
  public String describe(ZoneId zone, LocalDate today) {
    ZonedDateTime at = since.atZone(zone);
    String when = at.toLocalDate().equals(today) ? TIME.format(at) : DAY_AND_TIME.format(at);
    return "cached: inputs unchanged since " + when + ", " + ref;
  }
}
