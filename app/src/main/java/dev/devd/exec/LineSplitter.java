package dev.devd.exec;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one output stream of a command into UTF-8 lines for an {@link OutputSink}, each line as soon as its
 * newline arrives; {@link #close()} delivers a last line that has no newline.
 *
 * <p>{@code \n} ends a line and a {@code \r} right before it is dropped; a lone {@code \r} (progress bars) stays
 * in the line. A line longer than {@link #MAX_LINE_BYTES} is delivered in pieces, cut between characters, so a
 * command printing megabytes without a newline costs at most that much memory. Used by one pump thread.
 */
final class LineSplitter extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(LineSplitter.class);

  // 64 KiB holds any line a person would read in full; longer ones are data (minified JS, base64) and
  // arriving in pieces is better than devd holding megabytes per command.
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final OutputSink sink;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private byte[] buffer = new byte[256];
  private int length;
  private boolean sinkFailed;

  LineSplitter(OutputSink sink) {
    this.sink = Objects.requireNonNull(sink);
  }

  /** Completes when the stream has ended (the command and everything it started closed it) and all lines are out. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, bytes.length);
    int end = offset + count;
    int lineStart = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        append(bytes, lineStart, i - lineStart);
        deliver(length > 0 && buffer[length - 1] == '\r' ? length - 1 : length);
        length = 0;
        lineStart = i + 1;
      }
    }
    append(bytes, lineStart, end - lineStart);
  }

  @Override
  public void close() {
    if (closed.isDone()) return;
    if (length > 0) deliver(buffer[length - 1] == '\r' ? length - 1 : length);
    length = 0;
    closed.complete(null);
  }

  private void append(byte[] bytes, int offset, int count) {
    while (count > 0) {
      if (length == MAX_LINE_BYTES) deliverLongLinePiece();
      int n = Math.min(count, MAX_LINE_BYTES - length);
      if (length + n > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(MAX_LINE_BYTES, Math.max(buffer.length * 2, length + n)));
      }
      System.arraycopy(bytes, offset, buffer, length, n);
      length += n;
      offset += n;
      count -= n;
    }
  }

  /** Delivers the full buffer up to the last complete character and keeps the rest for the next piece. */
  private void deliverLongLinePiece() {
    int cut = endOfLastCompleteChar();
    // Keep a trailing \r, so a \r\n that straddles the cut is still recognised as a line end.
    if (cut > 1 && buffer[cut - 1] == '\r') cut--;
    deliver(cut);
    System.arraycopy(buffer, cut, buffer, 0, length - cut);
    length -= cut;
  }

  private int endOfLastCompleteChar() {
    int i = length - 1;
    // At most 3 continuation bytes (10xxxxxx) follow a lead byte in UTF-8.
    while (i > 0 && length - i <= 3 && (buffer[i] & 0xC0) == 0x80) i--;
    int lead = buffer[i] & 0xFF;
    int charLength = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return i > 0 && length - i < charLength ? i : length;
  }

  private void deliver(int byteCount) {
    String line = new String(buffer, 0, byteCount, StandardCharsets.UTF_8);
    try {
      sink.line(line);
    } catch (RuntimeException e) {
      // Keep pumping: a pump that stops reading would leave the command blocked on a full pipe.
      if (!sinkFailed) log.warn("an output sink failed; dropping the line and going on", e);
      else log.debug("an output sink failed again; dropping the line", e);
      sinkFailed = true;
    }
  }
}
