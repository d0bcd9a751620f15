package dev.devd.podman;

/**
 * A podman command that failed, with a message that quotes podman's own error line and says what to
 * do.
 */
public final class PodmanException extends Exception {
  public PodmanException(String message) {
    super(message);
  }

  public PodmanException(String message, Throwable cause) {
    super(message, cause);
  }
}
