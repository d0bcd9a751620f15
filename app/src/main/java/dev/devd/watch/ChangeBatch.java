package dev.devd.watch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Paths that changed under one target's watch paths and then stayed quiet for the debounce period
 * (or hit the cap).
 */
public record ChangeBatch(String target, List<Path> paths, Instant firstSeen, Instant lastSeen) {
  public ChangeBatch {
    paths = List.copyOf(paths);
    if (paths.isEmpty())
      throw new IllegalArgumentException("a ChangeBatch needs at least one path");
  }
}
