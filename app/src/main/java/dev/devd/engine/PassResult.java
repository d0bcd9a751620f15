package dev.devd.engine;

import java.util.Optional;

/**
 * How a pass ended: whether it succeeded, what it did, the error a user read if it failed, what it deployed if
 * anything, and a short note on what it did besides ({@code live-updated 3 files}).
 */
public record PassResult(boolean ok, Kind kind, Optional<String> error, Optional<String> deployed, Optional<String> note) {
  /** What a pass did, as the status page's history shows it. */
  public enum Kind {
    /** Ran at least one build command (and deployed, for a deployed resource). */
    BUILD,
    /** Copied files into running containers, without a build. */
    LIVE_UPDATE,
    /** Deployed images that were already built. */
    DEPLOY_ONLY,
    /** Deployed an image the build cache had for these inputs, instead of running its build command. */
    CACHED,
    /** Ran a local resource's command. */
    COMMAND,
    /** Found nothing to do. */
    NOTHING
  }

  public static PassResult success(Kind kind) {
    return new PassResult(true, kind, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static PassResult noted(Kind kind, String note) {
    return new PassResult(true, kind, Optional.empty(), Optional.empty(), Optional.of(note));
  }

  public static PassResult deployed(Kind kind, String what) {
    return new PassResult(true, kind, Optional.empty(), Optional.of(what), Optional.empty());
  }

  public static PassResult failure(Kind kind, String error) {
    return new PassResult(false, kind, Optional.of(error), Optional.empty(), Optional.empty());
  }
}
