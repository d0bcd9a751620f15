package dev.devd.status;

import java.util.Objects;
import java.util.Optional;

/**
 * How a pass ended, as the engine reports it to the {@link StatusBoard}: what it did in the end (a
 * planned live update may have fallen back to a build), whether it worked, the error a user reads
 * if not, the ref it deployed if it deployed one, and how many files a live update copied.
 */
public record PassEnd(
    PassKind kind,
    boolean ok,
    Optional<String> error,
    Optional<String> deployedRef,
    int syncedFiles) {
  public PassEnd {
    Objects.requireNonNull(kind, "kind");
    if (ok && error.isPresent())
      throw new IllegalArgumentException("a pass that worked has no error: " + error.get());
    if (syncedFiles < 0)
      throw new IllegalArgumentException("syncedFiles cannot be negative: " + syncedFiles);
  }

  /** A build, cached build or deploy that put {@code ref} in place. */
  public static PassEnd deployed(PassKind kind, String ref) {
    return new PassEnd(kind, true, Optional.empty(), Optional.of(ref), 0);
  }

  /**
   * A pass that worked and deployed no image: a local resource's command, or an image built but not
   * deployed.
   */
  public static PassEnd done(PassKind kind) {
    return new PassEnd(kind, true, Optional.empty(), Optional.empty(), 0);
  }

  /**
   * A live update that copied {@code files} files into the running containers; the deployed ref
   * stays.
   */
  public static PassEnd liveUpdated(int files) {
    return new PassEnd(PassKind.LIVE_UPDATE, true, Optional.empty(), Optional.empty(), files);
  }

  /** A pass that failed with {@code error}, one or more lines written for the user. */
  public static PassEnd failed(PassKind kind, String error) {
    return new PassEnd(kind, false, Optional.of(error), Optional.empty(), 0);
  }
}
