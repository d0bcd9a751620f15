package dev.devd.engine;

import dev.devd.status.PassKind;
import java.util.Optional;

/**
 * How a pass ended: whether it succeeded, what it did in the end (a planned live update may have
 * fallen back to a build), the error a user read if it failed, the ref it deployed if it deployed
 * an image, and how many paths a live update copied or removed.
 */
public record PassResult(
    boolean ok, PassKind kind, Optional<String> error, Optional<String> deployed, int syncedFiles) {
  public static PassResult success(PassKind kind) {
    return new PassResult(true, kind, Optional.empty(), Optional.empty(), 0);
  }

  public static PassResult deployed(PassKind kind, String ref) {
    return new PassResult(true, kind, Optional.empty(), Optional.of(ref), 0);
  }

  public static PassResult liveUpdated(int syncedFiles) {
    return new PassResult(
        true, PassKind.LIVE_UPDATE, Optional.empty(), Optional.empty(), syncedFiles);
  }

  public static PassResult failure(PassKind kind, String error) {
    return new PassResult(false, kind, Optional.of(error), Optional.empty(), 0);
  }

  /**
   * The terminal's note on what the pass did besides, e.g. {@code live-updated 3 files}; empty when
   * nothing.
   */
  Optional<String> note() {
    if (kind != PassKind.LIVE_UPDATE || !ok) return Optional.empty();
    return Optional.of("live-updated " + (syncedFiles == 1 ? "1 file" : syncedFiles + " files"));
  }
}
