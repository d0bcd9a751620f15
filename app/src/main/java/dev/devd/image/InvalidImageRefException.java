package dev.devd.image;

/**
 * An image reference that does not follow Docker's reference grammar; the message quotes it and
 * says why.
 */
public final class InvalidImageRefException extends IllegalArgumentException {
  private final String input;
  private final String reason;

  public InvalidImageRefException(String input, String reason) {
    super("invalid image reference \"" + input + "\": " + reason);
    this.input = input;
    this.reason = reason;
  }

  public String input() {
    return input;
  }

  public String reason() {
    return reason;
  }
}
