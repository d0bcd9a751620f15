package dev.devd.image;

/**
 * A registry could not be reached or refused a request; the message names the host, what it
 * answered and what to do. {@link #unreachable()} tells a registry that is not there apart from one
 * that said no.
 */
public final class RegistryException extends Exception {
  private final boolean unreachable;

  public RegistryException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  public RegistryException(String message) {
    this(message, false, null);
  }

  /** True when no answer came at all (connection refused, name not found, TLS failure, timeout). */
  public boolean unreachable() {
    return unreachable;
  }
}
