package dev.devd.runtime;

/**
 * A {@code portForwards} entry devd cannot read; the message quotes it, says why, and shows the
 * forms that work.
 */
public final class InvalidPortForwardException extends IllegalArgumentException {
  private final String input;

  public InvalidPortForwardException(String input, String reason) {
    super(
        "invalid port forward \""
            + input
            + "\": "
            + reason
            + "; write LOCAL:CONTAINER, e.g. \"8000:80\", "
            + "or HOST:LOCAL:CONTAINER, e.g. \"127.0.0.1:8000:80\"");
    this.input = input;
  }

  public String input() {
    return input;
  }
}
