package dev.devd.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.devd.console.ResourceLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the lines devd prints to the terminal, formatted as the user sees them ({@code [name] message}); or, made
 * with {@link #details()}, the lines that go to the log file only.
 */
public final class ConsoleCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger console;

  public ConsoleCapture() {
    this(ResourceLog.CONSOLE);
  }

  private ConsoleCapture(String loggerName) {
    console = (Logger) LoggerFactory.getLogger(loggerName);
    setName("capture");
    setContext(console.getLoggerContext());
    start();
    console.addAppender(this);
  }

  /** Collects the details ResourceLog writes to the log file only ({@code ResourceLog.debug}). */
  public static ConsoleCapture details() {
    return new ConsoleCapture(ResourceLog.CONSOLE + ".details");
  }

  @Override
  protected void append(ILoggingEvent event) {
    String resource = event.getMDCPropertyMap().get("resource");
    lines.add((resource == null || resource.isEmpty() ? "" : "[" + resource + "] ") + event.getFormattedMessage());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    console.detachAppender(this);
    stop();
  }
}
