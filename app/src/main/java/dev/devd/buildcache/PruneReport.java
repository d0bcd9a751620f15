package dev.devd.buildcache;

import dev.devd.image.ImageRef;
import java.util.List;

/**
 * What a pruning of an image's tags removed from the local store, and what it could not remove,
 * with why.
 */
public record PruneReport(List<ImageRef> removed, List<String> problems) {
  public PruneReport {
    removed = List.copyOf(removed);
    problems = List.copyOf(problems);
  }
}
