package dev.devd.console;

import dev.devd.console.LineRenderer.Severity;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * devd's terminal: the one writer of the lines devd prints on stdout, its own (through {@link
 * TerminalAppender}) and its commands' output, each rendered by a {@link LineRenderer}; command
 * output also goes to the {@link OutputListener}s. One per JVM, safe to use from any thread.
 *
 * <p>A batch of output lines is written with one system call or a few, not one per line, and its
 * bytes go out as the command wrote them (no decoding and encoding again): printing a line per call
 * used to hold a chatty build to about 4 MB/s.
 */
public final class Terminal {
  // System.out is looked up at each write, so whoever replaces it (a test, a detached devd) gets
  // the lines.
  private static final Terminal STDOUT =
      new Terminal(stdoutIsTerminal(), System.getenv(), () -> System.out);

  // 64 KiB: a full pipe's worth of lines with their prefixes goes out in one write or two.
  private static final int BUFFER_BYTES = 64 * 1024;

  private final boolean terminal;
  private final Map<String, String> environment;
  private final Supplier<PrintStream> out;
  private final ReentrantLock lock = new ReentrantLock();
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final List<OutputListener> listeners = new CopyOnWriteArrayList<>();
  // Prefixes without a time do not change: made once per resource (guarded by lock).
  private final Map<String, byte[]> prefixes = new HashMap<>();
  private int length;
  private boolean noColorFlag;
  private boolean timestamps;
  private volatile LineRenderer renderer;

  /** A terminal that writes to {@code out}; {@code terminal} says whether that is a terminal. */
  Terminal(boolean terminal, Map<String, String> environment, Supplier<PrintStream> out) {
    this.terminal = terminal;
    this.environment = Map.copyOf(environment);
    this.out = out;
    this.renderer = LineRenderer.of(terminal, environment, false, false, ZoneId.systemDefault());
  }

  /** The terminal on devd's stdout. */
  public static Terminal stdout() {
    return STDOUT;
  }

  /** {@code --no-color}: no colour codes from now on. */
  public void noColour() {
    restyle(true, timestamps);
  }

  /** {@code --timestamps}: each line starts with the time it was printed. */
  public void timestamps() {
    restyle(noColorFlag, true);
  }

  /** How lines are rendered now. */
  public LineRenderer renderer() {
    return renderer;
  }

  public void addOutputListener(OutputListener listener) {
    listeners.add(listener);
  }

  public void removeOutputListener(OutputListener listener) {
    listeners.remove(listener);
  }

  /** Prints a line of devd's own about {@code resource} (empty for devd itself). */
  public void print(String resource, Severity severity, String text, Instant time) {
    byte[] line = renderer.render(resource, severity, text, time).getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      put(line, 0, line.length);
      put((byte) '\n');
      flush();
    } finally {
      lock.unlock();
    }
  }

  /** Prints one line of {@code resource}'s output. */
  public void output(String resource, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try {
      byte[] prefix = prefix(resource);
      put(prefix, 0, prefix.length);
      put(bytes, 0, bytes.length);
      put((byte) '\n');
      flush();
      List<String> lines =
          line.indexOf('\n') < 0 ? List.of(line) : List.of(line.split("\r?\n", -1));
      for (OutputListener listener : listeners) listener.lines(resource, lines);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Prints lines of {@code resource}'s output that arrived together, with one write where they fit.
   */
  public void output(String resource, LineBatch lines) {
    if (lines.size() == 0) return;
    lock.lock();
    try {
      byte[] prefix = prefix(resource); // lines that arrived together share their time
      for (int i = 0; i < lines.size(); i++) {
        put(prefix, 0, prefix.length);
        put(lines.array(i), lines.start(i), lines.end(i) - lines.start(i));
        put((byte) '\n');
      }
      flush();
      for (OutputListener listener : listeners) listener.lines(resource, lines.asList());
    } finally {
      lock.unlock();
    }
  }

  private void restyle(boolean noColor, boolean withTimes) {
    lock.lock();
    try {
      noColorFlag = noColor;
      timestamps = withTimes;
      renderer = LineRenderer.of(terminal, environment, noColor, withTimes, ZoneId.systemDefault());
      prefixes.clear();
    } finally {
      lock.unlock();
    }
  }

  private byte[] prefix(String resource) {
    LineRenderer now = renderer;
    if (now.timestamps())
      return now.prefix(resource, Instant.now()).getBytes(StandardCharsets.UTF_8);
    return prefixes.computeIfAbsent(
        resource, name -> now.prefix(name, Instant.EPOCH).getBytes(StandardCharsets.UTF_8));
  }

  private void put(byte b) {
    if (length == buffer.length) flushBuffer();
    buffer[length++] = b;
  }

  private void put(byte[] bytes, int offset, int count) {
    if (count > buffer.length - length) {
      flushBuffer();
      if (count > buffer.length) {
        out().write(bytes, offset, count);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
  }

  private void flushBuffer() {
    if (length > 0) out().write(buffer, 0, length);
    length = 0;
  }

  private void flush() {
    flushBuffer();
    out().flush();
  }

  private PrintStream out() {
    return out.get();
  }

  // Linux shows where stdout goes as a link: a terminal is /dev/pts/N (or /dev/ttyN, /dev/console).
  // Reading it takes
  // microseconds, where System.console() takes tens of milliseconds of devd's start-up (and looks
  // at stdin too).
  private static boolean stdoutIsTerminal() {
    Path stdout = Path.of("/proc/self/fd/1");
    if (Files.isSymbolicLink(stdout)) {
      try {
        String target = Files.readSymbolicLink(stdout).toString();
        return target.startsWith("/dev/pts/")
            || target.startsWith("/dev/tty")
            || target.equals("/dev/console");
      } catch (IOException e) {
        return false;
      }
    }
    Console console = System.console();
    if (console == null) return false;
    // From JDK 22 on System.console() may return a console that is not a terminal, and
    // Console.isTerminal() says so;
    // devd compiles for JDK 21, which has no such method and returns a console only for a terminal.
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
