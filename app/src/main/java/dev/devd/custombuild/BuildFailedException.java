package dev.devd.custombuild;

/**
 * A build did not produce an image; the message says what happened and what to do, for the person
 * at the terminal.
 */
public final class BuildFailedException extends Exception {
  public BuildFailedException(String message) {
    super(message);
  }

  public BuildFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
