package dev.devd.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Why a target runs a pass: its first update, files that changed, a request from the user, its
 * containers changed (one restarted or stopped, or new ones started, so that files synced into them
 * may need syncing again), or the user enabled it again.
 *
 * @param changed the files that changed, in the order they were first seen
 * @param latestChanges per image (by its ref in devd.yaml), the {@link ChangeSequence} number of
 *     the latest of these changes under its deps; an image without an entry has no change in this
 *     pass
 */
public record PassReason(Kind kind, List<Path> changed, Map<String, Long> latestChanges) {
  public enum Kind {
    FIRST,
    CHANGED,
    TRIGGERED,
    CONTAINERS,
    ENABLED
  }

  public PassReason {
    changed = List.copyOf(changed);
    latestChanges = Map.copyOf(latestChanges);
  }

  public static PassReason first() {
    return new PassReason(Kind.FIRST, List.of(), Map.of());
  }

  public static PassReason changed(List<Path> paths, Map<String, Long> latestChanges) {
    return new PassReason(Kind.CHANGED, paths, latestChanges);
  }

  public static PassReason triggered(List<Path> pendingChanges, Map<String, Long> latestChanges) {
    return new PassReason(Kind.TRIGGERED, pendingChanges, latestChanges);
  }

  public static PassReason containers() {
    return new PassReason(Kind.CONTAINERS, List.of(), Map.of());
  }

  public static PassReason enabled() {
    return new PassReason(Kind.ENABLED, List.of(), Map.of());
  }

  /** The number of the latest change of this image in the pass, 0 when it has none. */
  public long latestChange(String imageRef) {
    return latestChanges.getOrDefault(imageRef, 0L);
  }

  /**
   * One line for the terminal, with paths relative to {@code root}: {@code 2 files changed:
   * web/a.html, web/b.css}.
   */
  public String describe(Path root) {
    return switch (kind) {
      case FIRST -> "first update";
      case TRIGGERED -> "triggered by the user";
      case CONTAINERS -> "its containers changed";
      case ENABLED -> "enabled again";
      case CHANGED -> {
        int shown = Math.min(3, changed.size());
        StringBuilder text =
            new StringBuilder(
                changed.size() == 1 ? "1 file changed: " : changed.size() + " files changed: ");
        for (int i = 0; i < shown; i++) {
          if (i > 0) text.append(", ");
          Path path = changed.get(i);
          text.append(path.startsWith(root) ? root.relativize(path) : path);
        }
        if (changed.size() > shown)
          text.append(" and ").append(changed.size() - shown).append(" more");
        yield text.toString();
      }
    };
  }
}
