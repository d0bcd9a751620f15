package dev.devd.runtime;

/**
 * Applying a resource failed; the message names the object, what the runtime said, and what to do.
 */
public class DeployException extends Exception {
  public DeployException(String message) {
    super(message);
  }

  public DeployException(String message, Throwable cause) {
    super(message, cause);
  }
}
