package dev.devd.cli;

import dev.devd.console.ResourceLog;
import dev.devd.status.ResourceSwitch;
import dev.devd.status.ResourceTrigger;
import dev.devd.status.StatusBoard;
import dev.devd.status.StatusServer;
import java.io.IOException;
import java.net.BindException;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The port of the status page: the one {@code --port} or else {@code DEVD_PORT} names (0: any free
 * port), or by default {@value StatusServer#DEFAULT_PORT} when it is free, else the next free one,
 * so that a second project needs no flag.
 *
 * @param chosen the port the user chose; empty for the default
 */
record PagePort(OptionalInt chosen) {
  static final String VARIABLE = "DEVD_PORT";
  // The ports after 10350 that are tried: a developer runs a handful of devds at once, not a
  // hundred.
  static final int TRIES = 100;

  /** The port {@code option} ({@code --port}, null when not given) or the environment chooses. */
  static PagePort of(Integer option, Map<String, String> environment) throws UsageException {
    if (option != null) return new PagePort(OptionalInt.of(checked(option, "--port " + option)));
    String variable = environment.getOrDefault(VARIABLE, "").strip();
    if (variable.isEmpty()) return new PagePort(OptionalInt.empty());
    try {
      return new PagePort(
          OptionalInt.of(checked(Integer.parseInt(variable), VARIABLE + "=" + variable)));
    } catch (NumberFormatException e) {
      throw new UsageException(
          VARIABLE
              + "="
              + variable
              + " is not a port; set it to a number from 0 to 65535, or unset it");
    }
  }

  private static int checked(int port, String given) throws UsageException {
    if (port < 0 || port > 65535)
      throw new UsageException(
          given + " is not a port; give a number from 0 (any free port) to 65535");
    return port;
  }

  /** Serves {@code board} on this port, or on the first free one from the default. */
  StatusServer start(StatusBoard board, ResourceTrigger trigger, ResourceSwitch resourceSwitch)
      throws UsageException {
    if (chosen.isPresent()) {
      try {
        return StatusServer.start(board, trigger, resourceSwitch, chosen.getAsInt());
      } catch (IOException e) {
        String source = System.getenv(VARIABLE) != null ? " (or " + VARIABLE + ")" : "";
        throw new UsageException(
            e.getMessage() + "; pass --port" + source + " with a free port, or --port 0 for any");
      }
    }
    int first = StatusServer.DEFAULT_PORT;
    for (int port = first; port < first + TRIES; port++) {
      try {
        StatusServer server = StatusServer.start(board, trigger, resourceSwitch, port);
        if (port != first) {
          ResourceLog.devd()
              .info("port {} is taken (another devd?); the status page uses port {}", first, port);
        }
        return server;
      } catch (IOException e) {
        if (!(e.getCause() instanceof BindException)) throw new UsageException(e.getMessage());
      }
    }
    throw new UsageException(
        "ports "
            + first
            + " to "
            + (first + TRIES - 1)
            + " are all taken; pass --port with a free"
            + " port, or --port 0 for any");
  }
}
