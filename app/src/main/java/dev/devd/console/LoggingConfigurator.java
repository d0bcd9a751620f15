package dev.devd.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * devd's logging, found by logback through {@code ServiceLoader}: the terminal gets one event per line, resource name
 * first ({@link TerminalAppender}, which also prints the commands' output); the log file ({@link #LOG_FILE_PROPERTY},
 * set by devd at start) gets devd's own lines and details, with times and stack traces, but not the commands' output:
 * that is on the terminal and in the status board, and would push devd's lines out of the file.
 *
 * <p>Code rather than a {@code logback.xml}: reading XML loaded about 650 classes of logback's Joran and the JDK's XML
 * parser at every start, a fifth of the classes devd loads before it watches (measured with scripts/bench).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
  /** The system property (or logback context property) naming the log file; devd sets it before logging starts. */
  public static final String LOG_FILE_PROPERTY = "devd.logFile";
  // At most 3 files of about 10 MB: devd.log, devd.log.1, devd.log.2. The size is looked at with every line (a stat,
  // nothing next to writing the line; devd writes few), so a burst of lines cannot take a file far past it.
  private static final FileSize MAX_FILE_SIZE = FileSize.valueOf("10MB");
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} %prefix%msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    Appender<ILoggingEvent> terminal = started(new TerminalAppender(), context, "TERMINAL");
    Appender<ILoggingEvent> file = fileAppender(context, logFile(context));

    // Lines for the person at the terminal.
    logger(context, "devd", Level.INFO, terminal, file);
    // The lines of another devd, followed by devd attach: the terminal only, since that devd writes its own log.
    logger(context, "devd.attached", Level.INFO, terminal);
    // Details for the log file only; devd's verbose flag also sends them to the terminal.
    logger(context, "devd.details", Level.DEBUG, file);
    // devd's own debug lines: a few per command and pass (which pid, how it ended), what explains devd's behaviour.
    context.getLogger("dev.devd").setLevel(Level.DEBUG);
    context.getLogger("io.methvin").setLevel(Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(file);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static String logFile(LoggerContext context) {
    String file = context.getProperty(LOG_FILE_PROPERTY);
    if (file == null) file = System.getProperty(LOG_FILE_PROPERTY);
    return file != null ? file : Path.of(System.getProperty("java.io.tmpdir"), "devd.log").toString();
  }

  private static Appender<ILoggingEvent> fileAppender(LoggerContext context, String file) {
    Map<String, Supplier<DynamicConverter<?>>> converters = new HashMap<>();
    converters.put("prefix", ResourcePrefixConverter::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, converters);

    LogFileAppender appender = new LogFileAppender();
    appender.setContext(context);
    appender.setName("FILE");
    appender.setFile(file);
    appender.setAppend(true);
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(2);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(MAX_FILE_SIZE);
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
    trigger.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  private static Appender<ILoggingEvent> started(Appender<ILoggingEvent> appender, LoggerContext context, String name) {
    appender.setContext(context);
    appender.setName(name);
    appender.start();
    return appender;
  }

  @SafeVarargs
  private static void logger(LoggerContext context, String name, Level level, Appender<ILoggingEvent>... appenders) {
    Logger logger = context.getLogger(name);
    logger.setLevel(level);
    logger.setAdditive(false);
    for (Appender<ILoggingEvent> appender : appenders) logger.addAppender(appender);
  }
}
