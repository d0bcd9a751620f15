package dev.devd.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the lines of one resource (or image, or devd itself) to the terminal and to {@code .devd/devd.log}, each
 * prefixed with the resource's name through the logback MDC key {@code resource}. Safe to use from any thread.
 */
public final class ResourceLog {
  /** The logger of lines meant for the person at the terminal. */
  public static final String CONSOLE = "devd";
  private static final Logger console = LoggerFactory.getLogger(CONSOLE);
  private static final Logger details = LoggerFactory.getLogger("devd.details");

  private final String name;

  public ResourceLog(String name) {
    this.name = name;
  }

  /** Lines without a resource prefix: devd's own. */
  public static ResourceLog devd() {
    return new ResourceLog("");
  }

  public String name() {
    return name;
  }

  public void info(String format, Object... args) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      console.info(format, args);
    }
  }

  public void warn(String format, Object... args) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      console.warn(format, args);
    }
  }

  public void error(String format, Object... args) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      console.error(format, args);
    }
  }

  /** A line of a command's output, shown as it is. */
  public void output(String line) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      console.info(line);
    }
  }

  /** Details for the log file only (stack traces, raw responses). */
  public void debug(String message, Throwable cause) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      details.debug(message, cause);
    }
  }

  public void debug(String format, Object... args) {
    try (var ignored = MDC.putCloseable("resource", name)) {
      details.debug(format, args);
    }
  }
}
