package dev.devd.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.devd.console.LineRenderer.Severity;
import java.time.Instant;

/**
 * The logback appender of devd's terminal lines (named {@code TERMINAL} in {@code logback.xml}):
 * hands each event to {@link Terminal}, so devd's own lines and its commands' output share one
 * writer, its colours and its timestamps.
 */
public final class TerminalAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  @Override
  protected void append(ILoggingEvent event) {
    Level level = event.getLevel();
    Severity severity =
        level.isGreaterOrEqual(Level.ERROR)
            ? Severity.ERROR
            : level.isGreaterOrEqual(Level.WARN) ? Severity.WARNING : Severity.INFO;
    Terminal.stdout()
        .print(
            event.getMDCPropertyMap().get("resource"),
            severity,
            event.getFormattedMessage(),
            Instant.ofEpochMilli(event.getTimeStamp()));
  }
}
