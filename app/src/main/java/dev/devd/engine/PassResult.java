package dev.devd.engine;

import java.util.Optional;

/** How a pass ended: whether it succeeded, the error a user read if not, and what it deployed if anything. */
public record PassResult(boolean ok, Optional<String> error, Optional<String> deployed) {
  public static PassResult success() {
    return new PassResult(true, Optional.empty(), Optional.empty());
  }

  public static PassResult deployed(String what) {
    return new PassResult(true, Optional.empty(), Optional.of(what));
  }

  public static PassResult failure(String error) {
    return new PassResult(false, Optional.of(error), Optional.empty());
  }
}
