package dev.devd.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches the regexps Docker builds from plain globs ({@code *}, {@code ?}, {@code **} and literal text) without
 * java.util.regex: no Matcher allocation and no regexp engine on the hot path. Its answers equal the Go regexp's:
 *
 * <ul>
 *   <li>{@code *} is {@code [^/]*}: any run of characters but '/', newlines included;
 *   <li>{@code ?} is {@code [^/]}: exactly one code point that is not '/';
 *   <li>{@code **} before more pattern is {@code (.*&#47;)?}: nothing, or anything ending in '/' without a newline
 *       ({@code .} does not match a newline in Go);
 *   <li>{@code **} at the end is {@code .*}: the rest, if it holds no newline.
 * </ul>
 */
final class GlobMatcher implements CompiledPattern {
  private static final byte LITERAL = 0;
  private static final byte RUN = 1; // *
  private static final byte ONE = 2; // ?
  private static final byte FOLDERS = 3; // (.*/)?
  private static final byte REST = 4; // .* at the end

  // Past this many '*'/'**' the plain backtracking search could take polynomial time of high degree on long names
  // (think "*a*a*a*a*b"); above it, failed states are remembered so each is tried once.
  private static final int MEMO_ABOVE_WILDCARDS = 2;

  private final byte[] ops;
  private final String[] literals;
  private final boolean memoize;

  private GlobMatcher(byte[] ops, String[] literals) {
    this.ops = ops;
    this.literals = literals;
    int wildcards = 0;
    for (byte op : ops) {
      if (op == RUN || op == FOLDERS) wildcards++;
    }
    this.memoize = wildcards > MEMO_ABOVE_WILDCARDS;
  }

  @Override
  public boolean matches(String path, int end) {
    boolean[] failed = memoize ? new boolean[(ops.length + 1) * (end + 1)] : null;
    return match(path, end, 0, 0, failed);
  }

  private boolean match(String s, int end, int op, int pos, boolean[] failed) {
    if (failed != null) {
      int state = op * (end + 1) + pos;
      if (failed[state]) return false;
      boolean result = search(s, end, op, pos, failed);
      if (!result) failed[state] = true;
      return result;
    }
    return search(s, end, op, pos, null);
  }

  private boolean search(String s, int end, int op, int pos, boolean[] failed) {
    while (op < ops.length) {
      switch (ops[op]) {
        case LITERAL -> {
          String literal = literals[op];
          int length = literal.length();
          if (end - pos < length || !s.regionMatches(pos, literal, 0, length)) return false;
          pos += length;
          op++;
        }
        case ONE -> {
          if (pos >= end) return false;
          int codePoint = s.codePointAt(pos);
          if (codePoint == '/') return false;
          pos += Character.charCount(codePoint);
          op++;
        }
        case RUN -> {
          int limit = indexOf(s, '/', pos, end);
          if (op + 1 == ops.length) return limit == end;
          char next = ops[op + 1] == LITERAL ? literals[op + 1].charAt(0) : 0;
          for (int q = pos; q <= limit; q++) {
            if (q < end && next != 0 && s.charAt(q) != next) continue;
            if (q > pos && q < end && Character.isLowSurrogate(s.charAt(q))
                && Character.isHighSurrogate(s.charAt(q - 1))) {
              continue; // [^/]* consumes whole code points
            }
            if (match(s, end, op + 1, q, failed)) return true;
          }
          return false;
        }
        case FOLDERS -> {
          if (match(s, end, op + 1, pos, failed)) return true;
          for (int q = pos; q < end; q++) {
            char c = s.charAt(q);
            if (c == '\n') return false;
            if (c == '/' && match(s, end, op + 1, q + 1, failed)) return true;
          }
          return false;
        }
        case REST -> {
          return indexOf(s, '\n', pos, end) == end;
        }
        default -> throw new IllegalStateException("unknown glob op " + ops[op]);
      }
    }
    return pos == end;
  }

  private static int indexOf(String s, char c, int from, int end) {
    for (int i = from; i < end; i++) {
      if (s.charAt(i) == c) return i;
    }
    return end;
  }

  /** Collects the pieces in pattern order; adjacent literal characters become one literal. */
  static final class Builder {
    private final List<Byte> ops = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();

    void literal(int codePoint) {
      pending.appendCodePoint(codePoint);
    }

    void run() {
      add(RUN);
    }

    void one() {
      add(ONE);
    }

    void folders() {
      add(FOLDERS);
    }

    void rest() {
      add(REST);
    }

    private void add(byte op) {
      flush();
      ops.add(op);
      literals.add(null);
    }

    private void flush() {
      if (pending.isEmpty()) return;
      ops.add(LITERAL);
      literals.add(pending.toString());
      pending.setLength(0);
    }

    GlobMatcher build() {
      flush();
      byte[] opArray = new byte[ops.size()];
      for (int i = 0; i < opArray.length; i++) opArray[i] = ops.get(i);
      return new GlobMatcher(opArray, literals.toArray(new String[0]));
    }
  }
}
