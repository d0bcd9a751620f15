package dev.devd.image;

/**
 * A container CLI could not inspect, tag or push an image; the message quotes its error and says
 * what to do.
 */
public final class ImageStoreException extends Exception {
  public ImageStoreException(String message) {
    super(message);
  }

  public ImageStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
