package dev.devd.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Why a target runs a pass: its first update, files that changed, a request from the user, or its containers changed
 * (one restarted or stopped, or new ones started) so that files synced into them may need syncing again.
 */
public record PassReason(Kind kind, List<Path> changed) {
  public enum Kind { FIRST, CHANGED, TRIGGERED, CONTAINERS }

  public PassReason {
    changed = List.copyOf(changed);
  }

  public static PassReason first() {
    return new PassReason(Kind.FIRST, List.of());
  }

  public static PassReason changed(List<Path> paths) {
    return new PassReason(Kind.CHANGED, paths);
  }

  public static PassReason triggered(List<Path> pendingChanges) {
    return new PassReason(Kind.TRIGGERED, pendingChanges);
  }

  public static PassReason containers() {
    return new PassReason(Kind.CONTAINERS, List.of());
  }

  /** One line for the terminal, with paths relative to {@code root}: {@code 2 files changed: web/a.html, web/b.css}. */
  public String describe(Path root) {
    return switch (kind) {
      case FIRST -> "first update";
      case TRIGGERED -> "triggered by the user";
      case CONTAINERS -> "its containers changed";
      case CHANGED -> {
        int shown = Math.min(3, changed.size());
        StringBuilder text = new StringBuilder(changed.size() == 1 ? "1 file changed: " : changed.size() + " files changed: ");
        for (int i = 0; i < shown; i++) {
          if (i > 0) text.append(", ");
          Path path = changed.get(i);
          text.append(path.startsWith(root) ? root.relativize(path) : path);
        }
        if (changed.size() > shown) text.append(" and ").append(changed.size() - shown).append(" more");
        yield text.toString();
      }
    };
  }
}
