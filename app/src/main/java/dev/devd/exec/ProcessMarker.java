package dev.devd.exec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Marks every process devd starts with the environment variable {@code DEVD_RUN=<run>/<command>}:
 * {@code <run>} names this devd process (16 random hex digits), {@code <command>} counts the
 * commands it started. A process hands its environment to everything it starts, through {@code
 * setsid}, double forks and daemonizing alike, and Linux shows it in {@code /proc/<pid>/environ}:
 * that is how devd finds the processes of a command, or of a whole run, however they detached (see
 * {@link ProcessFinder}).
 */
final class ProcessMarker {
  static final String VARIABLE = "DEVD_RUN";
  private static final ProcessMarker THIS_RUN =
      new ProcessMarker(String.format("%016x", ThreadLocalRandom.current().nextLong()));

  private final String run;
  private final AtomicLong commands = new AtomicLong();

  private ProcessMarker(String run) {
    this.run = run;
  }

  /** The marker of this devd process. */
  static ProcessMarker thisRun() {
    return THIS_RUN;
  }

  /** This run's name, the part before the slash. */
  String run() {
    return run;
  }

  /** The value of {@link #VARIABLE} for the next command this run starts. */
  String nextCommand() {
    return run + "/" + commands.incrementAndGet();
  }

  /**
   * Whether a process environment as {@code /proc/<pid>/environ} holds it ({@code NAME=value}
   * entries, each ended by a NUL) carries {@code DEVD_RUN=<mark>} exactly, or, for a {@code mark}
   * that ends with a slash, a value that starts with it (every command of a run).
   */
  static boolean carries(byte[] environ, String mark) {
    byte[] entry = (VARIABLE + "=" + mark).getBytes(StandardCharsets.UTF_8);
    boolean prefix = mark.endsWith("/");
    for (int start = 0; start < environ.length; ) {
      int end = start;
      while (end < environ.length && environ[end] != 0) end++;
      int length = end - start;
      if (prefix
          ? length >= entry.length && regionEquals(environ, start, entry)
          : length == entry.length && regionEquals(environ, start, entry)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** The mark of every command of {@code run}. */
  static String everyCommandOf(String run) {
    return run + "/";
  }

  private static boolean regionEquals(byte[] bytes, int start, byte[] expected) {
    for (int i = 0; i < expected.length; i++) if (bytes[start + i] != expected[i]) return false;
    return true;
  }
}
