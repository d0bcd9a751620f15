package dev.devd.exec;

/**
 * Where the lines a command prints go, one call per line as the command produces it.
 *
 * <p>Lines are decoded as UTF-8 and come without their {@code \n} or {@code \r\n}; a last line without a
 * newline is delivered too, and a line longer than 64 KiB arrives in pieces of at most 64 KiB. Calls come from
 * devd's output threads, never two at once for one command, so a sink needs no locking of its own for that.
 * A sink should return quickly: while it runs, the command's output waits in the pipe. An exception thrown by a
 * sink is logged and the line is dropped; the following lines are still delivered.
 */
@FunctionalInterface
public interface OutputSink {
  void line(String line);
}
