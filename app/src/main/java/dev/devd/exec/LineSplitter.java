package dev.devd.exec;

import dev.devd.console.LineBatch;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one output stream of a command into lines for an {@link OutputSink}: each write's complete
 * lines are handed on together, at the end of that write; {@link #close()} delivers a last line
 * that has no newline.
 *
 * <p>{@code \n} ends a line and a {@code \r} right before it is dropped; a lone {@code \r}
 * (progress bars) stays in the line. A line longer than {@link #MAX_LINE_BYTES} is delivered in
 * pieces, cut between characters, so a command printing megabytes without a newline costs at most
 * that much memory. Lines that lie wholly inside one write are passed on as they are in the written
 * array, without a copy. Used by one pump thread; {@code deliveryLock} is held while the sink runs,
 * so the sinks of a command's two streams are never called at once.
 */
final class LineSplitter extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(LineSplitter.class);

  // 64 KiB holds any line a person would read in full; longer ones are data (minified JS, base64)
  // and
  // arriving in pieces is better than devd holding megabytes per command.
  static final int MAX_LINE_BYTES = 64 * 1024;

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final OutputSink sink;
  private final Lock deliveryLock;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final LineBatch batch = new LineBatch();
  // The line that has begun but not ended in an earlier write.
  private byte[] buffer = new byte[256];
  private int length;
  private boolean sinkFailed;

  /** A splitter whose sink is called by nobody else. */
  LineSplitter(OutputSink sink) {
    this(sink, new ReentrantLock());
  }

  LineSplitter(OutputSink sink, Lock deliveryLock) {
    this.sink = Objects.requireNonNull(sink);
    this.deliveryLock = Objects.requireNonNull(deliveryLock);
  }

  /**
   * Completes when the stream has ended (the command and everything it started closed it) and all
   * lines are out.
   */
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
    // The bytes looked at since the line began, OR-ed together: no high bit means the line is
    // ASCII, which the status
    // board can then take without decoding. Bytes of the neighbouring lines may count too; that
    // only costs a decode.
    long seen = 0;
    int i = offset;
    // Eight bytes at a time, as C's memchr does: devd runs on the JVM's quick compiler only
    // (scripts/devd), which
    // compiles a byte-by-byte loop as it is, and this scan takes a third of the time of one on a
    // chatty build.
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = (long) WORDS.get(bytes, i);
      seen |= word;
      for (long newlines = newlines(word); newlines != 0; newlines &= newlines - 1) {
        lineStart =
            endLine(bytes, lineStart, i + (Long.numberOfTrailingZeros(newlines) >>> 3), seen);
        seen = word;
      }
    }
    for (; i < end; i++) {
      seen |= bytes[i];
      if (bytes[i] == '\n') {
        lineStart = endLine(bytes, lineStart, i, seen);
        seen = 0;
      }
    }
    append(bytes, lineStart, end - lineStart);
    deliver();
  }

  /**
   * Ends the line from {@code lineStart} at the newline at {@code newline}; returns where the next
   * line starts.
   */
  private int endLine(byte[] bytes, int lineStart, int newline, long seen) {
    if (length == 0 && newline - lineStart <= MAX_LINE_BYTES) {
      int lineEnd = newline > lineStart && bytes[newline - 1] == '\r' ? newline - 1 : newline;
      batch.add(bytes, lineStart, lineEnd, (seen & HIGH_BITS) == 0);
    } else {
      append(bytes, lineStart, newline - lineStart);
      endBufferedLine();
    }
    return newline + 1;
  }

  /**
   * A word with 0x80 in each byte of {@code word} that is a newline, and 0 in the others (exact, no
   * false hits).
   */
  static long newlines(long word) {
    long x = word ^ NEWLINES;
    return ~(((x & LOW_BITS) + LOW_BITS) | x | LOW_BITS);
  }

  @Override
  public void close() {
    if (closed.isDone()) return;
    if (length > 0) endBufferedLine();
    deliver();
    closed.complete(null);
  }

  private void append(byte[] bytes, int offset, int count) {
    while (count > 0) {
      if (length == MAX_LINE_BYTES) addLongLinePiece();
      int n = Math.min(count, MAX_LINE_BYTES - length);
      if (length + n > buffer.length) {
        buffer =
            Arrays.copyOf(
                buffer, Math.min(MAX_LINE_BYTES, Math.max(buffer.length * 2, length + n)));
      }
      System.arraycopy(bytes, offset, buffer, length, n);
      length += n;
      offset += n;
      count -= n;
    }
  }

  private void endBufferedLine() {
    int end = length > 0 && buffer[length - 1] == '\r' ? length - 1 : length;
    batch.add(Arrays.copyOf(buffer, end), 0, end); // a copy: the buffer takes the next line
    length = 0;
  }

  /**
   * Adds the full buffer up to the last complete character and keeps the rest for the next piece.
   */
  private void addLongLinePiece() {
    int cut = endOfLastCompleteChar();
    // Keep a trailing \r, so a \r\n that straddles the cut is still recognised as a line end.
    if (cut > 1 && buffer[cut - 1] == '\r') cut--;
    batch.add(Arrays.copyOf(buffer, cut), 0, cut);
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

  private void deliver() {
    if (batch.size() == 0) return;
    deliveryLock.lock();
    try {
      sink.lines(batch);
    } catch (RuntimeException e) {
      // Keep pumping: a pump that stops reading would leave the command blocked on a full pipe.
      if (!sinkFailed) log.warn("an output sink failed; dropping the line and going on", e);
      else log.debug("an output sink failed again; dropping the line", e);
      sinkFailed = true;
    } finally {
      deliveryLock.unlock();
      batch.clear();
    }
  }
}
