package dev.devd.ignore;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the Go regexps Docker builds from patterns with RE2/J (Go's regexp package ported to Java), accepting and
 * rejecting what Go's {@code regexp.Compile} does, and saying why a regexp is rejected in words a user can act on.
 *
 * <p>RE2/J 1.8 parts from Go in five places a pattern can reach. A short pass over the text closes the first four
 * (found by running 500,000 random patterns through RE2/J and through the hand-written translation to java.util.regex
 * that devd had before):
 *
 * <ul>
 *   <li>a literal '{' right before a repeat ({@code x{{2}}): Go repeats the brace, RE2/J rejects the repeat as nested,
 *       because its parser keeps the literal brace's position as "the last repeat". Such braces reach RE2/J as
 *       {@code \{}, which means the same in Go;
 *   <li>an escaped non-ASCII character ({@code \é}): Go rejects it as an invalid escape, RE2/J takes the character;
 *   <li>counted repeats stacked through an empty {@code \Q\E} ({@code a{100}\Q\E{100}}): Go allows 1000 copies in all
 *       (regexp/syntax {@code repeatIsValid}), RE2/J has no such limit;
 *   <li>{@code [:]} in a class ({@code [[:]}): Go reads a '[' and a ':', RE2/J an unknown POSIX class named ":".
 * </ul>
 *
 * <p>Not closed: RE2/J's Unicode tables are Unicode 6.0, Go's newer (13.0 in Go 1.19, which the conformance corpus was
 * checked with; 15.0 from Go 1.21). A script added since ({@code \p{Adlam}}) is unknown here though Docker knows it,
 * and characters assigned since belong to no category ({@code \pL}). Which Unicode Docker has depends on the Go it
 * was built with anyway, and ignore files do not name scripts; the message names the Unicode version.
 */
final class GoRegexpCompiler {
  private GoRegexpCompiler() {}

  // Go's repeat counts are capped at 1000, and so is the product of nested counts (regexp/syntax
  // maxRepeat).
  private static final int MAX_REPEAT = 1000;

  private static final String BRACE_HINT = "write \"\\{\" to match a \"{\"";
  private static final String ESCAPE_HINT =
      "escape only punctuation, or write \"\\\\\" to match a backslash";

  /**
   * A Go regexp compiled for the path itself ({@code self}) and, where one search can say it, for
   * "the path or one of its parent folders" ({@code selfOrParent}, null otherwise), where Docker
   * searches once per parent. Docker's regexps end in its own '$'; with that '$' written {@code
   * (?:/|$)}, a match that stops before a '/' is a match of the parent that ends there (a word
   * boundary reads '/' as it reads the end of the text). Not when the regexp has another
   * end-of-text assertion ({@code \z}), which would then differ. With one search, regexp patterns
   * cost about what they cost with java.util.regex; with one per parent, about three times as much.
   */
  record Compiled(Pattern self, Pattern selfOrParent) {}

  static Compiled compile(String goRegexp) throws PatternSyntaxProblem {
    Reader reader = new Reader(goRegexp);
    String forRe2j = reader.read();
    Pattern self = compileRe2j(forRe2j);
    if (reader.endOfText) return new Compiled(self, null);
    if (reader.dollars == 0) return new Compiled(self, self);
    if (reader.dollars == 1 && reader.lastDollar == goRegexp.length() - 1) {
      return new Compiled(
          self, compileRe2j(forRe2j.substring(0, forRe2j.length() - 1) + "(?:/|$)"));
    }
    return new Compiled(self, null);
  }

  private static Pattern compileRe2j(String regexp) throws PatternSyntaxProblem {
    try {
      return Pattern.compile(regexp);
    } catch (PatternSyntaxException e) {
      throw problem(e.getDescription(), e.getPattern());
    }
  }

  /**
   * RE2/J's error (Go's, word for word) as a reason and a hint; {@code text} is the part of the
   * regexp at fault.
   */
  private static PatternSyntaxProblem problem(String error, String text) {
    String quoted = "\"" + text + "\"";
    return switch (error) {
      case "invalid character class range" -> {
        // Go reports unknown class names under this error too.
        if (text.startsWith("\\p") || text.startsWith("\\P")) {
          if (text.startsWith("{", 2) && !text.contains("}")) {
            yield new PatternSyntaxProblem(
                "unclosed Unicode class " + quoted, "close it with \"}\"");
          }
          yield new PatternSyntaxProblem(
              "unknown Unicode class " + quoted,
              "use a Unicode category such as \\pL or a script of Unicode 6.0 such as \\p{Greek}, or write \"\\\\\" "
                  + "to match a backslash");
        }
        if (text.startsWith("[:")) {
          yield new PatternSyntaxProblem(
              "unknown character class " + quoted,
              "use one of alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, "
                  + "xdigit");
        }
        yield new PatternSyntaxProblem(
            "character range " + quoted + " is reversed",
            "write the range from low to high, e.g. \"[a-z]\"");
      }
      case "invalid escape sequence" ->
          new PatternSyntaxProblem("invalid escape " + quoted, ESCAPE_HINT);
      case "invalid repeat count" ->
          new PatternSyntaxProblem(
              "invalid repeat count "
                  + quoted
                  + " (Docker passes braces to Go's regexp, which allows at most "
                  + MAX_REPEAT
                  + ")",
              BRACE_HINT);
      case "invalid nested repetition operator" ->
          new PatternSyntaxProblem(
              quoted
                  + " repeats something that is already repeated (Go's regexp rejects nested repetition)",
              BRACE_HINT);
      case "missing argument to repetition operator" ->
          new PatternSyntaxProblem(quoted + " has nothing before it to repeat", BRACE_HINT);
      case "missing closing ]" ->
          new PatternSyntaxProblem(
              "unclosed character class", "close it with \"]\", or write \"\\[\" to match a \"[\"");
      case "trailing backslash at end of expression" ->
          new PatternSyntaxProblem("trailing backslash", "write \"\\\\\" to match a backslash");
      // Docker escapes every '(' and ')' of a pattern, so group errors cannot come from one; Go's
      // own words then.
      default ->
          new PatternSyntaxProblem(
              "Go's regexp rejects it: " + error + (text.isEmpty() ? "" : " " + quoted),
              ESCAPE_HINT);
    };
  }

  /**
   * One pass over the Go text, knowing just enough of Go's syntax (escapes, {@code \Q..\E},
   * classes, repeats) to find the places where RE2/J would answer differently; returns the text for
   * RE2/J.
   */
  private static final class Reader {
    private final String rx;
    private final int n;
    private final StringBuilder out;
    private int copied; // rx up to here is in out
    private int i;
    // The counts of the repeats stacked on the current operand, innermost first (only an empty \Q\E
    // can stand between
    // two of them): 0 for {0} and {0,0}, -1 for *, + and ?, which Go's limit skips.
    private final List<Integer> stacked = new ArrayList<>();
    private boolean lastWasRepeat;
    // '$' outside classes and \Q..\E (Docker writes one at the end), and whether a \z was seen.
    private int dollars;
    private int lastDollar = -1;
    private boolean endOfText;

    Reader(String rx) {
      this.rx = rx;
      this.n = rx.length();
      this.out = new StringBuilder(n + 8);
    }

    String read() throws PatternSyntaxProblem {
      while (i < n) {
        boolean repeat = false;
        switch (rx.charAt(i)) {
          case '\\' -> escape();
          case '[' -> characterClass();
          case '{' -> {
            int[] counts = parseRepeat();
            if (counts == null) {
              escapeForRe2j(); // a literal brace
              i++;
              stacked.clear();
            } else {
              repeat(counts);
              repeat = true;
            }
          }
          case '*', '+', '?' -> {
            i++;
            skipNonGreedy();
            stacked.add(-1);
            repeat = true;
          }
          default -> {
            if (rx.charAt(i) == '$') {
              dollars++;
              lastDollar = i;
            }
            i += Character.charCount(rx.codePointAt(i));
            stacked.clear();
          }
        }
        lastWasRepeat = repeat;
      }
      return out.append(rx, copied, n).toString();
    }

    /**
     * Hands the punctuation character at i to RE2/J as {@code \c}, which means the character itself
     * in Go too.
     */
    private void escapeForRe2j() {
      out.append(rx, copied, i).append('\\');
      copied = i;
    }

    private void escape() throws PatternSyntaxProblem {
      if (i + 1 >= n) {
        i++; // a trailing backslash: RE2/J reports it
        return;
      }
      if (rx.charAt(i + 1) == 'Q') {
        int end = rx.indexOf("\\E", i + 2);
        int literalEnd = end < 0 ? n : end;
        if (literalEnd > i + 2)
          stacked.clear(); // an empty \Q\E adds nothing: a repeat after it repeats the repeat
        i = end < 0 ? n : end + 2;
        return;
      }
      if (rx.charAt(i + 1) == 'z') endOfText = true;
      skipEscape();
      stacked.clear();
    }

    /**
     * An escape outside {@code \Q}, in or out of a class: {@code \x{..}} and {@code \p{..}} with
     * their braces.
     */
    private void skipEscape() throws PatternSyntaxProblem {
      int escaped = rx.codePointAt(i + 1);
      if (escaped >= 0x80) {
        throw new PatternSyntaxProblem(
            "invalid escape \"" + rx.substring(i, i + 1 + Character.charCount(escaped)) + "\"",
            ESCAPE_HINT);
      }
      i += 2;
      if ((escaped == 'x' || escaped == 'p' || escaped == 'P') && i < n && rx.charAt(i) == '{') {
        int close = rx.indexOf('}', i);
        i = close < 0 ? n : close + 1;
      }
    }

    /**
     * A bracket class in Go's reading: ']' first is a member, "[:name:]" is a POSIX class, '\'
     * escapes.
     */
    private void characterClass() throws PatternSyntaxProblem {
      i++;
      if (i < n && rx.charAt(i) == '^') i++;
      boolean first = true;
      while (i < n && (rx.charAt(i) != ']' || first)) {
        first = false;
        int posixEnd = rx.startsWith("[:", i) ? rx.indexOf(":]", i + 2) : -1;
        if (posixEnd >= 0) {
          i = posixEnd + 2;
        } else if (rx.startsWith("[:]", i)) {
          // Go looks for the ":]" of a POSIX class after the "[:", RE2/J from its ':': for RE2/J,
          // "[:]" would name the
          // class ":".
          escapeForRe2j();
          i++;
        } else if (rx.charAt(i) == '\\' && i + 1 < n) {
          skipEscape();
        } else {
          i += Character.charCount(rx.codePointAt(i));
        }
      }
      if (i < n) i++; // ']'; an unclosed class is left to RE2/J to report
      stacked.clear();
    }

    /** A counted repeat at i, as parsed by {@link #parseRepeat}. */
    private void repeat(int[] counts) throws PatternSyntaxProblem {
      int start = i;
      int min = counts[0];
      int max = counts[1];
      i = counts[2];
      String text = rx.substring(start, i);
      skipNonGreedy();
      // Go's repeatIsValid takes Max as the number of copies, or Min when there is no Max; 0 copies
      // end its walk,
      // except for {0,}, which it passes over like a star.
      stacked.add(max == 0 ? 0 : max > 0 ? max : min == 0 ? -1 : min);
      boolean sizeIsValid =
          min >= 0 && min <= MAX_REPEAT && max <= MAX_REPEAT && (max < 0 || min <= max);
      // Go's order: a repeat right after a repeat, or a count out of range, is an error of its own
      // (RE2/J reports it).
      if (!lastWasRepeat && sizeIsValid && (min >= 2 || max >= 2) && !withinRepeatLimit()) {
        throw new PatternSyntaxProblem(
            "invalid repeat count \"" + text + "\": nested repeats multiply past " + MAX_REPEAT,
            BRACE_HINT);
      }
    }

    /** Go's repeatIsValid over the stacked repeats, outermost first. */
    private boolean withinRepeatLimit() {
      int budget = MAX_REPEAT;
      for (int k = stacked.size() - 1; k >= 0; k--) {
        int copies = stacked.get(k);
        if (copies == 0) return true;
        if (copies < 0) continue;
        if (copies > budget) return false;
        budget /= copies;
      }
      return true;
    }

    private void skipNonGreedy() {
      if (i < n && rx.charAt(i) == '?') i++;
    }

    /**
     * Go's parseRepeat at the '{' at i: {min, max (-1 for none), end}, min -1 when a number is too
     * big; or null.
     */
    private int[] parseRepeat() {
      int[] min = parseInt(i + 1);
      if (min == null || min[1] >= n) return null;
      int j = min[1];
      int low = min[0];
      int max;
      if (rx.charAt(j) != ',') {
        max = low;
      } else if (++j >= n) {
        return null;
      } else if (rx.charAt(j) == '}') {
        max = -1;
      } else {
        int[] high = parseInt(j);
        if (high == null) return null;
        j = high[1];
        max = high[0];
        if (max < 0) low = -1;
      }
      if (j >= n || rx.charAt(j) != '}') return null;
      return new int[] {low, max, j + 1};
    }

    /**
     * Go's parseInt: ASCII digits without a leading zero; {value (-1 when too big), end} or null.
     */
    private int[] parseInt(int j) {
      if (j >= n || !isDigit(rx.charAt(j))) return null;
      if (j + 1 < n && rx.charAt(j) == '0' && isDigit(rx.charAt(j + 1))) return null;
      int end = j;
      int value = 0;
      for (; end < n && isDigit(rx.charAt(end)); end++) {
        if (value >= 0) value = value >= 100_000_000 ? -1 : value * 10 + rx.charAt(end) - '0';
      }
      return new int[] {value, end};
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}
