package dev.devd.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.devd.console.ResourceLog;
import org.slf4j.LoggerFactory;

/** {@code --verbose}: the details that normally go only to the log file also go to the terminal. */
final class Verbosity {
  private Verbosity() {}

  static void verbose() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Appender<ILoggingEvent> terminal =
        context.getLogger(ResourceLog.CONSOLE).getAppender("TERMINAL");
    Logger details = context.getLogger("devd.details");
    if (terminal != null) details.addAppender(terminal);
  }
}
