package dev.devd.console;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Lines of a command's output that arrived together (one read of its pipe), kept as the bytes the
 * command wrote, each without its line end; a line becomes a {@code String} only when someone asks
 * for it.
 *
 * <p>That is what lets devd keep up with a command printing hundreds of megabytes: the terminal
 * gets the bytes as they are, and the status board decodes only the lines it keeps. A batch is
 * filled and handed on by one thread and reused for the next read, so whoever receives one reads it
 * during the call and keeps strings, never the batch.
 */
public final class LineBatch {
  private byte[][] arrays = new byte[16][];
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] ascii = new boolean[16];
  private int size;
  private final List<String> view =
      new AbstractList<>() {
        @Override
        public String get(int index) {
          return line(index);
        }

        @Override
        public int size() {
          return size;
        }
      };

  /**
   * Adds the line {@code array[start..end)}; the batch refers to the array, so it must not change
   * until handed on.
   */
  public void add(byte[] array, int start, int end) {
    add(array, start, end, false);
  }

  /**
   * {@link #add(byte[], int, int)} for a line known to be ASCII (or not known to be), which is then
   * copied, not decoded.
   */
  public void add(byte[] array, int start, int end, boolean isAscii) {
    if (size == arrays.length) {
      int capacity = size * 2;
      arrays = Arrays.copyOf(arrays, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      ascii = Arrays.copyOf(ascii, capacity);
    }
    arrays[size] = array;
    starts[size] = start;
    ends[size] = end;
    ascii[size] = isAscii;
    size++;
  }

  /** Empties the batch for the next read. */
  public void clear() {
    Arrays.fill(arrays, 0, size, null); // no reference to the command's bytes outlives the read
    size = 0;
  }

  public int size() {
    return size;
  }

  /** Line {@code index} as text, decoded as UTF-8 (invalid bytes become U+FFFD). */
  public String line(int index) {
    // ASCII reads the same in ISO-8859-1, which the JDK takes as it is, without looking at each
    // byte first.
    return new String(
        arrays[checked(index)],
        starts[index],
        ends[index] - starts[index],
        ascii[index] ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** The lines as a list that decodes each line when it is read; valid as long as the batch is. */
  public List<String> asList() {
    return view;
  }

  byte[] array(int index) {
    return arrays[checked(index)];
  }

  int start(int index) {
    return starts[checked(index)];
  }

  int end(int index) {
    return ends[checked(index)];
  }

  private int checked(int index) {
    return Objects.checkIndex(index, size);
  }
}
