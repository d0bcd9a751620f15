package dev.devd.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches the regexps Docker builds from plain globs ({@code *}, {@code ?}, {@code **}, simple
 * {@code [..]} classes and literal text) without a regexp engine: no Matcher allocation and no
 * automaton on the hot path. Its answers equal the Go regexp's:
 *
 * <ul>
 *   <li>{@code *} is {@code [^/]*}: any run of characters but '/', newlines included;
 *   <li>{@code ?} is {@code [^/]}: exactly one code point that is not '/';
 *   <li>{@code [a-c]}, {@code [^x]} take one code point of the set ({@code [^x]} includes '/' and
 *       newlines);
 *   <li>{@code **} before more pattern is {@code (.*&#47;)?}: nothing, or anything ending in '/'
 *       without a newline ({@code .} does not match a newline in Go);
 *   <li>{@code **} at the end is {@code .*}: the rest, if it holds no newline.
 * </ul>
 *
 * Docker's parent rule (the path or any parent folder matches) is answered in one search: instead
 * of matching each parent as a string of its own, the search accepts wherever a parent ends.
 */
final class GlobMatcher implements CompiledPattern {
  private static final byte LITERAL = 0;
  private static final byte RUN = 1; // *
  private static final byte ONE = 2; // ?
  private static final byte SET = 3; // [..]
  private static final byte FOLDERS = 4; // (.*/)?
  private static final byte REST = 5; // .* at the end

  // Past this many '*'/'**' the plain backtracking search could take polynomial time of high degree
  // on long names
  // (think "*a*a*a*a*b"); above it, failed states are remembered so each is tried once.
  private static final int MEMO_ABOVE_WILDCARDS = 2;

  private final byte[] ops;
  private final String[] literals;
  private final CodePoints[] sets;
  private final boolean memoize;
  // For the most common shape, "**/*.log": the literal a component must end with; null for other
  // shapes.
  private final String componentSuffix;

  private GlobMatcher(byte[] ops, String[] literals, CodePoints[] sets) {
    this.ops = ops;
    this.literals = literals;
    this.sets = sets;
    int wildcards = 0;
    for (byte op : ops) {
      if (op == RUN || op == FOLDERS) wildcards++;
    }
    this.memoize = wildcards > MEMO_ABOVE_WILDCARDS;
    boolean componentSuffixShape =
        ops.length == 3
            && ops[0] == FOLDERS
            && ops[1] == RUN
            && ops[2] == LITERAL
            && literals[2].indexOf('/') < 0;
    this.componentSuffix = componentSuffixShape ? literals[2] : null;
  }

  @Override
  public boolean matches(String path, int end) {
    return from(path, end, false, newMemo(end), 0, 0);
  }

  @Override
  public boolean matchesSelfOrParent(CleanPath path) {
    String text = path.text;
    // A rooted path has parents ("" and "/") that do not end before a '/'; the general loop handles
    // those.
    if (text.isEmpty() || text.charAt(0) == '/')
      return CompiledPattern.super.matchesSelfOrParent(path);
    if (componentSuffix != null) return anyComponentEndsWith(path, componentSuffix);
    int end = text.length();
    return from(text, end, true, newMemo(end), 0, 0);
  }

  private boolean[] newMemo(int end) {
    return memoize ? new boolean[(ops.length + 1) * (end + 1)] : null;
  }

  /**
   * "**&#47;*.log" against the path and its parents, with their ends already known: some component
   * ends with the literal and no newline comes before that component ("**" cannot pass one; "*"
   * can).
   */
  private static boolean anyComponentEndsWith(CleanPath path, String literal) {
    int length = literal.length();
    int start = 0;
    for (int end : path.ends) {
      if (start > path.firstNewline) return false;
      if (end - start >= length && path.text.startsWith(literal, end - length)) return true;
      start = end + 1;
    }
    return false;
  }

  /**
   * Whether the ops from {@code op} on match {@code s} from {@code pos} to {@code end}. With {@code
   * atAnyParent}, the match may also stop where a parent folder ends (before a '/'): each op
   * reaches the same positions whichever of those ends is chosen, so one search answers for the
   * path and all its parents. {@code failed} remembers states already tried (null when not worth
   * it). Plain parameters rather than a search object: this is the hot path.
   */
  private boolean from(String s, int end, boolean atAnyParent, boolean[] failed, int op, int pos) {
    if (failed == null) return search(s, end, atAnyParent, null, op, pos);
    int state = op * (end + 1) + pos;
    if (failed[state]) return false;
    boolean result = search(s, end, atAnyParent, failed, op, pos);
    if (!result) failed[state] = true;
    return result;
  }

  private boolean search(
      String s, int end, boolean atAnyParent, boolean[] failed, int op, int pos) {
    while (op < ops.length) {
      switch (ops[op]) {
        case LITERAL -> {
          String literal = literals[op];
          if (end - pos < literal.length() || !s.startsWith(literal, pos)) return false;
          pos += literal.length();
          op++;
        }
        case ONE, SET -> {
          if (pos >= end) return false;
          int codePoint = s.codePointAt(pos);
          if (ops[op] == ONE ? codePoint == '/' : !sets[op].contains(codePoint)) return false;
          pos += Character.charCount(codePoint);
          op++;
        }
        case RUN -> {
          int limit = indexOf(s, end, '/', pos);
          // A trailing star takes the rest of the component, which ends the path or a parent.
          if (op + 1 == ops.length) return atAnyParent || limit == end;
          if (op + 2 == ops.length && ops[op + 1] == LITERAL && literals[op + 1].indexOf('/') < 0) {
            // "*.log" at the end: the literal must end the component, so there is one place to try.
            if (!atAnyParent && limit != end) return false;
            String literal = literals[op + 1];
            int at = limit - literal.length();
            return at >= pos && s.startsWith(literal, at);
          }
          char next = ops[op + 1] == LITERAL ? literals[op + 1].charAt(0) : 0;
          for (int q = pos; q <= limit; q++) {
            if (q < end && next != 0 && s.charAt(q) != next) continue;
            if (q > pos
                && q < end
                && Character.isLowSurrogate(s.charAt(q))
                && Character.isHighSurrogate(s.charAt(q - 1))) {
              continue; // [^/]* consumes whole code points
            }
            if (from(s, end, atAnyParent, failed, op + 1, q)) return true;
          }
          return false;
        }
        case FOLDERS -> {
          if (from(s, end, atAnyParent, failed, op + 1, pos)) return true;
          for (int q = pos; q < end; q++) {
            char c = s.charAt(q);
            if (c == '\n') return false;
            if (c == '/' && from(s, end, atAnyParent, failed, op + 1, q + 1)) return true;
          }
          return false;
        }
        case REST -> {
          // Up to the nearest end of the path or of a parent, with no newline on the way.
          int stop = atAnyParent ? indexOf(s, end, '/', pos) : end;
          return indexOf(s, end, '\n', pos) >= stop;
        }
        default -> throw new IllegalStateException("unknown glob op " + ops[op]);
      }
    }
    return pos == end || atAnyParent && s.charAt(pos) == '/';
  }

  private static int indexOf(String s, int end, char c, int from) {
    for (int i = from; i < end; i++) {
      if (s.charAt(i) == c) return i;
    }
    return end;
  }

  /**
   * The code points of a simple class such as {@code [a-c]} or {@code [^x]}.
   *
   * @param ranges lo0, hi0, lo1, hi1, ...: the members as written, each range in order (lo &lt;=
   *     hi)
   */
  record CodePoints(int[] ranges, boolean negated) {
    boolean contains(int codePoint) {
      for (int i = 0; i < ranges.length; i += 2) {
        if (ranges[i] <= codePoint && codePoint <= ranges[i + 1]) return !negated;
      }
      return negated;
    }
  }

  /** Collects the pieces in pattern order; adjacent literal characters become one literal. */
  static final class Builder {
    private final List<Byte> ops = new ArrayList<>();
    private final List<String> literals = new ArrayList<>();
    private final List<CodePoints> sets = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();

    void literal(int codePoint) {
      pending.appendCodePoint(codePoint);
    }

    void run() {
      add(RUN, null);
    }

    void one() {
      add(ONE, null);
    }

    void set(CodePoints set) {
      add(SET, set);
    }

    void folders() {
      add(FOLDERS, null);
    }

    void rest() {
      add(REST, null);
    }

    private void add(byte op, CodePoints set) {
      flush();
      ops.add(op);
      literals.add(null);
      sets.add(set);
    }

    private void flush() {
      if (pending.isEmpty()) return;
      ops.add(LITERAL);
      literals.add(pending.toString());
      sets.add(null);
      pending.setLength(0);
    }

    GlobMatcher build() {
      flush();
      byte[] opArray = new byte[ops.size()];
      for (int i = 0; i < opArray.length; i++) opArray[i] = ops.get(i);
      return new GlobMatcher(
          opArray, literals.toArray(new String[0]), sets.toArray(new CodePoints[0]));
    }
  }
}
