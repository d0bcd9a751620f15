package dev.devd.console;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import dev.devd.config.StateFolder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The appender of {@code .devd/devd.log} (named {@code FILE} in {@code logback.xml}): logback's
 * rolling file appender, except that each file it opens is readable by its owner only. logback
 * creates the new file after a rollover with the process's umask (usually rw-r--r--), which would
 * show devd's details to every user of the machine.
 */
public final class LogFileAppender extends RollingFileAppender<ILoggingEvent> {
  @Override
  public void openFile(String fileName) throws IOException {
    StateFolder.createFile(Path.of(fileName));
    super.openFile(fileName);
  }
}
