package dev.devd.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.devd.console.OutputListener;
import dev.devd.console.ResourceLog;
import dev.devd.console.Terminal;
import org.slf4j.LoggerFactory;

/**
 * A logback appender that copies every line of devd's console logger into a {@link StatusBoard},
 * under the resource named by the MDC key {@code resource}, and with it the commands' output that
 * the {@link Terminal} prints, so the status page and {@code devd logs} show what the terminal
 * shows. Lines meant for the log file only ({@code devd.details}) are not copied.
 */
public final class BoardAppender extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final StatusBoard board;
  private final Logger console;
  private final OutputListener output;

  private BoardAppender(StatusBoard board, Logger console) {
    this.board = board;
    this.console = console;
    this.output = board::logLines;
  }

  /** Starts copying console lines into {@code board}; {@link #close()} stops it. */
  public static BoardAppender attach(StatusBoard board) {
    Logger console = (Logger) LoggerFactory.getLogger(ResourceLog.CONSOLE);
    BoardAppender appender = new BoardAppender(board, console);
    appender.setName("status-board");
    appender.setContext(console.getLoggerContext());
    appender.start();
    console.addAppender(appender);
    Terminal.stdout().addOutputListener(appender.output);
    return appender;
  }

  @Override
  protected void append(ILoggingEvent event) {
    board.logLine(event.getMDCPropertyMap().get("resource"), event.getFormattedMessage());
  }

  @Override
  public void close() {
    Terminal.stdout().removeOutputListener(output);
    console.detachAppender(this);
    stop();
  }
}
