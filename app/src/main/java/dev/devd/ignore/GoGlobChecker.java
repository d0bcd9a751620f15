package dev.devd.ignore;

/**
 * The syntax check Docker runs when it loads a pattern: Go's {@code filepath.Match(pattern, ".")}
 * (Unix flavour, '\' escapes), where only the error counts.
 *
 * <p>The check is as lazy as Go's: it stops at the first chunk (run between stars) that cannot
 * match {@code "."}, so a syntax error further right goes unnoticed here ({@code a*[} loads) and
 * only surfaces when the pattern's regexp is compiled. This follows the Go version the conformance
 * corpus was checked with.
 */
final class GoGlobChecker {
  private GoGlobChecker() {}

  private static final String UNCLOSED = "unclosed character class";
  private static final String UNCLOSED_HINT =
      "close it with \"]\", or write \"\\[\" to match a \"[\"";
  private static final String DASH_HINT = "write \"\\-\" to match a \"-\"";

  /** Throws when Docker's loader rejects the pattern. */
  static void check(String pattern) throws PatternSyntaxProblem {
    match(pattern, ".");
  }

  /**
   * Go's filepath.Match with '/' as the separator; returns whether it matched, throws for a bad
   * pattern.
   */
  static boolean match(String pattern, String name) throws PatternSyntaxProblem {
    String rest = pattern;
    outer:
    while (!rest.isEmpty()) {
      boolean star = false;
      while (rest.startsWith("*")) {
        rest = rest.substring(1);
        star = true;
      }
      int end = chunkEnd(rest);
      String chunk = rest.substring(0, end);
      rest = rest.substring(end);
      if (star && chunk.isEmpty()) {
        return name.indexOf('/') < 0; // a trailing star: nothing after it is examined
      }
      String after = matchChunk(chunk, name);
      if (after != null && (after.isEmpty() || !rest.isEmpty())) {
        name = after;
        continue;
      }
      if (star) {
        for (int i = 0; i < name.length() && name.charAt(i) != '/'; i++) {
          after = matchChunk(chunk, name.substring(i + 1));
          if (after != null) {
            if (rest.isEmpty() && !after.isEmpty()) continue;
            name = after;
            continue outer;
          }
        }
      }
      return false;
    }
    return name.isEmpty();
  }

  /** Where the chunk ends: at the first '*' outside brackets (a '\' skips the next character). */
  private static int chunkEnd(String pattern) {
    boolean inRange = false;
    int i = 0;
    for (; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 < pattern.length()) i++;
      } else if (c == '[') {
        inRange = true;
      } else if (c == ']') {
        inRange = false;
      } else if (c == '*' && !inRange) {
        break;
      }
    }
    return i;
  }

  /**
   * Matches one chunk at the start of {@code s}: the rest of {@code s}, or null when it does not
   * match. Like Go, a failed match still walks the whole chunk, only to report syntax errors.
   */
  private static String matchChunk(String chunk, String s) throws PatternSyntaxProblem {
    boolean failed = false;
    int c = 0;
    int p = 0;
    while (c < chunk.length()) {
      if (!failed && p >= s.length()) failed = true;
      char ch = chunk.charAt(c);
      if (ch == '[') {
        int r = -1;
        if (!failed) {
          r = s.codePointAt(p);
          p += Character.charCount(r);
        }
        c++;
        boolean negated = false;
        if (c < chunk.length() && chunk.charAt(c) == '^') {
          negated = true;
          c++;
        }
        boolean hit = false;
        int ranges = 0;
        while (true) {
          if (c < chunk.length() && chunk.charAt(c) == ']' && ranges > 0) {
            c++;
            break;
          }
          long lo = classChar(chunk, c, ranges == 0 ? Position.FIRST : Position.START);
          c = (int) (lo >>> 32);
          int hi = (int) lo;
          int low = hi;
          if (chunk.charAt(c) == '-') {
            long high = classChar(chunk, c + 1, Position.END);
            c = (int) (high >>> 32);
            hi = (int) high;
          }
          if (low <= r && r <= hi) hit = true;
          ranges++;
        }
        if (hit == negated) failed = true;
      } else if (ch == '?') {
        if (!failed) {
          if (s.charAt(p) == '/') failed = true;
          p += Character.charCount(s.codePointAt(p));
        }
        c++;
      } else {
        if (ch == '\\') {
          c++;
          if (c >= chunk.length()) {
            throw new PatternSyntaxProblem(
                "trailing backslash", "write \"\\\\\" to match a backslash");
          }
        }
        if (!failed) {
          if (chunk.charAt(c) != s.charAt(p)) failed = true;
          p++;
        }
        c++;
      }
    }
    return failed ? null : s.substring(p);
  }

  private enum Position {
    FIRST,
    START,
    END
  }

  /**
   * One character of a class, possibly escaped, as Go's getEsc reads it: returns (next index
   * &lt;&lt; 32 | code point) so the caller gets both without an allocation.
   */
  private static long classChar(String chunk, int at, Position position)
      throws PatternSyntaxProblem {
    if (at >= chunk.length()) throw new PatternSyntaxProblem(UNCLOSED, UNCLOSED_HINT);
    char first = chunk.charAt(at);
    if (first == '-') {
      throw new PatternSyntaxProblem(
          "\"-\" in a character class must sit between two characters", DASH_HINT);
    }
    if (first == ']') {
      if (position == Position.FIRST) {
        throw new PatternSyntaxProblem("empty character class", "write \"\\]\" to match a \"]\"");
      }
      throw new PatternSyntaxProblem("character range has no end before \"]\"", DASH_HINT);
    }
    if (first == '\\') {
      at++;
      if (at >= chunk.length()) throw new PatternSyntaxProblem(UNCLOSED, UNCLOSED_HINT);
    }
    int codePoint = chunk.codePointAt(at);
    int next = at + Character.charCount(codePoint);
    if (next >= chunk.length()) throw new PatternSyntaxProblem(UNCLOSED, UNCLOSED_HINT);
    return ((long) next << 32) | (codePoint & 0xFFFFFFFFL);
  }
}
