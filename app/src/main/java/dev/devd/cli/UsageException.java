package dev.devd.cli;

/** Bad flags or arguments; the message says what to type instead. Exit code 2. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
