package dev.devd.custombuild;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the temporary tags builds write to: {@code devd-build-<unix seconds>}, never the same
 * twice in one devd run (two builds in the same second get consecutive numbers), so no build can
 * pick up another build's image.
 */
public final class BuildTags {
  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  public BuildTags(Clock clock) {
    this.clock = clock;
  }

  public String next() {
    long now = clock.instant().getEpochSecond();
    long seconds = last.updateAndGet(previous -> Math.max(previous + 1, now));
    return "devd-build-" + seconds;
  }
}
