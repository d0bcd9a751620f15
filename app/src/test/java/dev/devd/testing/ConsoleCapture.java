package dev.devd.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.devd.console.OutputListener;
import dev.devd.console.ResourceLog;
import dev.devd.console.Terminal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the lines devd prints to the terminal, formatted as the user sees them ({@code [name]
 * message}), its own and its commands' output; or, made with {@link #details()}, the lines that go
 * to the log file only.
 */
public final class ConsoleCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger console;
  private final OutputListener output = this::output;
  private final boolean withOutput;

  public ConsoleCapture() {
    this(ResourceLog.CONSOLE, true);
  }

  private ConsoleCapture(String loggerName, boolean withOutput) {
    console = (Logger) LoggerFactory.getLogger(loggerName);
    this.withOutput = withOutput;
    setName("capture");
    setContext(console.getLoggerContext());
    start();
    console.addAppender(this);
    if (withOutput) Terminal.stdout().addOutputListener(output);
  }

  /** Collects the details ResourceLog writes to the log file only ({@code ResourceLog.debug}). */
  public static ConsoleCapture details() {
    return new ConsoleCapture(ResourceLog.CONSOLE + ".details", false);
  }

  @Override
  protected void append(ILoggingEvent event) {
    String resource = event.getMDCPropertyMap().get("resource");
    lines.add(
        (resource == null || resource.isEmpty() ? "" : "[" + resource + "] ")
            + event.getFormattedMessage());
  }

  private void output(String resource, List<String> printed) {
    for (String line : printed) lines.add((resource.isEmpty() ? "" : "[" + resource + "] ") + line);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (withOutput) Terminal.stdout().removeOutputListener(output);
    console.detachAppender(this);
    stop();
  }
}
