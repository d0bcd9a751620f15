package dev.devd.exec;

import dev.devd.console.LineBatch;
import dev.devd.console.ResourceLog;
import java.util.Objects;

/**
 * Where the lines a command prints go, as the command produces them: {@link #lines} with the lines
 * of each read of its output, which by default hands each to {@link #line}.
 *
 * <p>Lines are decoded as UTF-8 and come without their {@code \n} or {@code \r\n}; a last line
 * without a newline is delivered too, and a line longer than 64 KiB arrives in pieces of at most 64
 * KiB. Calls come from devd's output threads, never two at once for one command, so a sink needs no
 * locking of its own for that. A sink should return quickly: while it runs, the command's output
 * waits in the pipe. An exception thrown by a sink is logged and that line is dropped; the
 * following lines are still delivered.
 */
@FunctionalInterface
public interface OutputSink {
  void line(String line);

  /**
   * The lines of one read of the command's output, in order; valid during the call only. Sinks that
   * print them or keep only the newest take them together, which is what keeps devd as fast as a
   * command that prints a lot.
   */
  default void lines(LineBatch lines) {
    RuntimeException failure = null;
    for (int i = 0; i < lines.size(); i++) {
      try {
        line(lines.line(i));
      } catch (RuntimeException e) { // drop this line, deliver the others, then report
        if (failure == null) failure = e;
      }
    }
    if (failure != null) throw failure;
  }

  /**
   * Prints the command's output on devd's terminal under {@code log}'s name (and so on the status
   * board), each read's lines together: the sink for the output of build and serve commands.
   */
  static OutputSink printing(ResourceLog log) {
    Objects.requireNonNull(log, "log");
    return new OutputSink() {
      @Override
      public void line(String line) {
        log.output(line);
      }

      @Override
      public void lines(LineBatch lines) {
        log.output(lines);
      }
    };
  }
}
