package dev.devd.cli;

/**
 * The command could not do what was asked, for a reason outside devd; the message says why and what
 * to do. Exit code 1.
 */
final class CommandFailedException extends Exception {
  CommandFailedException(String message) {
    super(message);
  }
}
