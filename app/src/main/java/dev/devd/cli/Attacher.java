package dev.devd.cli;

import dev.devd.console.ResourceLog;
import dev.devd.status.LogLine;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Follows a running devd's console lines in this terminal, printed as a devd up prints its own
 * (through the same terminal appender, so with the same prefixes and colours), until Ctrl-C here,
 * which detaches and leaves that devd running, or until that devd stops.
 */
final class Attacher {
  // The terminal only (config/logback.xml): the devd followed writes these lines to its own log
  // file already.
  private static final Logger attached = LoggerFactory.getLogger("devd.attached");

  private Attacher() {}

  static int attach(StatusClient client) throws IOException, InterruptedException {
    LogFollower.Ending ending = LogFollower.follow(client, Optional.empty(), Attacher::print);
    ResourceLog log = ResourceLog.devd();
    if (ending == LogFollower.Ending.DETACHED) {
      log.info(
          "detached; devd keeps running at {} (devd attach follows it again, devd stop stops it)",
          client.url());
    } else {
      log.info("devd at {} stopped", client.url());
    }
    return ExitCodes.OK;
  }

  private static void print(LogLine line) {
    try (var ignored = MDC.putCloseable("resource", line.resource())) {
      attached.info(line.text());
    }
  }
}
