package dev.devd.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the lines of one resource (or image, or devd itself) to the terminal, each prefixed with
 * the resource's name: devd's own lines through logback (MDC key {@code resource}), so they reach
 * {@code .devd/devd.log} too, and the output of commands straight to the {@link Terminal}, which
 * hands it to the status board. Safe to use from any thread.
 *
 * <p>Command output stays out of the log file: it is on the terminal and in the status board's
 * buffer already, and a build printing hundreds of megabytes would push devd's own lines (the ones
 * the file is kept for) out of its few capped files within seconds.
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
    Terminal.stdout().output(name, line);
  }

  /** Lines of a command's output that arrived together, shown as they are. */
  public void output(LineBatch lines) {
    Terminal.stdout().output(name, lines);
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
