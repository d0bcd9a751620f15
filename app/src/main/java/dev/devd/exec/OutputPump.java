package dev.devd.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output stream of a command until it ends and writes it to a {@link LineSplitter}, which
 * it closes at the end: that delivers the last line and tells the supervisor the stream is done.
 *
 * <p>Each read takes what the pipe holds. While a command writes faster than its lines are printed,
 * more is waiting after every read: then the pump reads on, into a buffer that grows up to {@link
 * #LARGEST_READ}, and hands the whole lot on at once, so a flood costs one terminal write and one
 * status board update per megabyte instead of per line. Once the command goes quiet the buffer is
 * small again.
 */
final class OutputPump implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(OutputPump.class);

  // 8 KiB holds what most commands print at a time; a full pipe (64 KiB on Linux) takes a few
  // reads.
  static final int FIRST_READ = 8 * 1024;
  // 1 MiB: a thousand lines or more, so the status board decodes only the lines it keeps (its last
  // thousand), and
  // little enough memory for the few commands that flood at any one time.
  static final int LARGEST_READ = 1024 * 1024;

  private final InputStream from;
  private final LineSplitter to;
  private final String label;

  OutputPump(InputStream from, LineSplitter to, String label) {
    this.from = from;
    this.to = to;
    this.label = label;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[FIRST_READ];
    try (to) {
      int n;
      while ((n = from.read(buffer, 0, buffer.length)) >= 0) {
        while (from.available() > 0) {
          if (n == buffer.length) {
            if (buffer.length == LARGEST_READ) break;
            buffer = Arrays.copyOf(buffer, Math.min(LARGEST_READ, buffer.length * 4));
          }
          int more = from.read(buffer, n, buffer.length - n);
          if (more < 0) break;
          n += more;
        }
        to.write(buffer, 0, n);
        if (buffer.length > FIRST_READ && n < FIRST_READ) buffer = new byte[FIRST_READ];
      }
    } catch (IOException e) {
      // The JDK closes the stream of a command that has ended when nobody reads; what was left is
      // lost either way.
      log.debug("reading the output of {} ended early", label, e);
    }
  }
}
