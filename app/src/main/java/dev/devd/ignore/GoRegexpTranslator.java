package dev.devd.ignore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads a regexp in Go's RE2 syntax (the Perl flavour {@code regexp.Compile} uses) and writes an equivalent
 * java.util.regex pattern, or rejects it where Go rejects it, with a reason a person can act on.
 *
 * <p>The two syntaxes disagree in ways Docker's generated regexps reach: a {@code [} inside a class is a literal in
 * Go but opens a nested class in Java, {@code &&} is literal in Go but intersection in Java, Go's {@code \d \s \w \b}
 * are ASCII-only, {@code $} is end of text only, {@code .} excludes only '\n', POSIX classes, {@code \Q..\E},
 * {@code \pL}, octal and hex escapes, and when {@code {} starts a repeat. So nothing is passed through: the Go text
 * is parsed into a small tree and Java text is written from it, with every character class spelled as explicit code
 * point ranges.
 *
 * <p>Not modelled: Go's size and nesting limits for huge regexps (thousands of characters), and flag groups such as
 * {@code (?i)}, which cannot come out of Docker's translation (it escapes every '(' a pattern contains).
 */
final class GoRegexpTranslator {
  private GoRegexpTranslator() {}

  /**
   * @param anchoredAtStart the regexp can only match at the start of the text (one alternative that begins with
   *     {@code ^}), so {@code lookingAt()} gives the same answer as {@code find()}
   */
  record JavaRegex(String pattern, boolean anchoredAtStart) {}

  // Go's repeat counts are capped at 1000, and so is the product of nested counts (regexp/syntax maxRepeat).
  private static final int MAX_REPEAT = 1000;

  private static final String WORD = "[0-9A-Za-z_]";
  private static final Node BEGIN_TEXT = new Assertion("\\A");
  private static final Node END_TEXT = new Assertion("\\z");
  private static final Node WORD_BOUNDARY =
      new Assertion("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
  private static final Node NO_WORD_BOUNDARY =
      new Assertion("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
  private static final Node ANY_BUT_NEWLINE = new Assertion("[^\\n]");

  private static final String BRACE_HINT = "write \"\\{\" to match a \"{\"";
  private static final String ESCAPE_HINT =
      "escape only punctuation, or write \"\\\\\" to match a backslash";

  static JavaRegex translate(String goRegexp) throws PatternSyntaxProblem {
    List<List<Node>> alternatives = new Parser(goRegexp).parse();
    StringBuilder java = new StringBuilder();
    emitAlternatives(java, alternatives);
    boolean anchored = alternatives.size() == 1
        && !alternatives.getFirst().isEmpty()
        && alternatives.getFirst().getFirst() == BEGIN_TEXT;
    return new JavaRegex(java.toString(), anchored);
  }

  private sealed interface Node {}

  private record Literal(int codePoint) implements Node {}

  private record CharClass(RuneRanges ranges) implements Node {}

  /** Zero-width assertions and the any-character atom, as fixed Java text. */
  private record Assertion(String java) implements Node {}

  private record Group(List<List<Node>> alternatives) implements Node {}

  /** {@code counted} for {n,m}; star, plus and quest are (0,-1), (1,-1), (0,1) and do not count for Go's limit. */
  private record Repeat(Node sub, int min, int max, boolean counted) implements Node {}

  private static void emitAlternatives(StringBuilder out, List<List<Node>> alternatives) {
    for (int a = 0; a < alternatives.size(); a++) {
      if (a > 0) out.append('|');
      for (Node node : alternatives.get(a)) emit(out, node);
    }
  }

  private static void emit(StringBuilder out, Node node) {
    switch (node) {
      case Literal literal -> RuneRanges.appendJava(out, literal.codePoint());
      case CharClass charClass -> out.append(charClass.ranges().toJava());
      case Assertion assertion -> out.append(assertion.java());
      case Group group -> {
        out.append("(?:");
        emitAlternatives(out, group.alternatives());
        out.append(')');
      }
      case Repeat repeat -> {
        out.append("(?:");
        emit(out, repeat.sub());
        out.append(')');
        if (!repeat.counted() && repeat.max() < 0) {
          out.append(repeat.min() == 0 ? "*" : "+");
        } else if (!repeat.counted()) {
          out.append('?');
        } else if (repeat.min() == repeat.max()) {
          out.append('{').append(repeat.min()).append('}');
        } else if (repeat.max() < 0) {
          out.append('{').append(repeat.min()).append(",}");
        } else {
          out.append('{').append(repeat.min()).append(',').append(repeat.max()).append('}');
        }
      }
    }
  }

  /** Go's repeatIsValid: nested {n,m} counts may not multiply past {@code budget} copies of the innermost thing. */
  private static boolean repeatIsValid(Node node, int budget) {
    switch (node) {
      case Repeat repeat -> {
        if (repeat.counted()) {
          int copies = repeat.max();
          if (copies == 0) return true;
          if (copies < 0) copies = repeat.min();
          if (copies > budget) return false;
          if (copies > 0) budget /= copies;
        }
        return repeatIsValid(repeat.sub(), budget);
      }
      case Group group -> {
        for (List<Node> alternative : group.alternatives()) {
          for (Node sub : alternative) {
            if (!repeatIsValid(sub, budget)) return false;
          }
        }
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  /** One pass over the Go text, in the order and with the rules of Go's regexp/syntax parser. */
  private static final class Parser {
    private final String rx;
    private final int n;
    private int i;
    private final Deque<List<List<Node>>> groups = new ArrayDeque<>();

    Parser(String rx) {
      this.rx = rx;
      this.n = rx.length();
    }

    List<List<Node>> parse() throws PatternSyntaxProblem {
      groups.push(newAlternatives());
      boolean lastWasRepeat = false;
      while (i < n) {
        boolean repeated = false;
        char c = rx.charAt(i);
        switch (c) {
          case '(' -> {
            if (i + 1 < n && rx.charAt(i + 1) == '?') {
              // Docker escapes every '(' of a pattern; its only group is "(.*/)?".
              throw new IllegalStateException("Go regexp flag groups cannot come from Docker's translation: " + rx);
            }
            groups.push(newAlternatives());
            i++;
          }
          case '|' -> {
            groups.element().add(new ArrayList<>());
            i++;
          }
          case ')' -> {
            if (groups.size() == 1) {
              throw new PatternSyntaxProblem("unexpected \")\"", "write \"\\)\" to match a \")\"");
            }
            List<List<Node>> alternatives = groups.pop();
            add(new Group(alternatives));
            i++;
          }
          case '^' -> {
            add(BEGIN_TEXT);
            i++;
          }
          case '$' -> {
            add(END_TEXT);
            i++;
          }
          case '.' -> {
            add(ANY_BUT_NEWLINE);
            i++;
          }
          case '[' -> add(new CharClass(parseClass()));
          case '*', '+', '?' -> {
            int start = i++;
            if (i < n && rx.charAt(i) == '?') i++; // non-greedy: does not change whether it matches
            int min = c == '+' ? 1 : 0;
            int max = c == '?' ? 1 : -1;
            repeat(min, max, false, rx.substring(start, i), lastWasRepeat);
            repeated = true;
          }
          case '{' -> {
            int start = i;
            int[] counts = parseRepeat();
            if (counts == null) {
              add(new Literal('{')); // not a repeat: Go takes the brace literally
              i++;
            } else {
              int min = counts[0];
              int max = counts[1];
              i = counts[2];
              String text = rx.substring(start, i);
              if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || max >= 0 && min > max) {
                throw new PatternSyntaxProblem(
                    "invalid repeat count \"" + text + "\" (Docker passes braces to Go's regexp, which allows at most "
                        + MAX_REPEAT + ")", BRACE_HINT);
              }
              if (i < n && rx.charAt(i) == '?') i++;
              repeat(min, max, true, rx.substring(start, i), lastWasRepeat);
              repeated = true;
            }
          }
          case '\\' -> parseBackslash();
          default -> {
            int codePoint = rx.codePointAt(i);
            add(new Literal(codePoint));
            i += Character.charCount(codePoint);
          }
        }
        lastWasRepeat = repeated;
      }
      if (groups.size() != 1) throw new PatternSyntaxProblem("missing closing \")\"", "write \"\\(\" to match a \"(\"");
      return groups.pop();
    }

    private static List<List<Node>> newAlternatives() {
      List<List<Node>> alternatives = new ArrayList<>();
      alternatives.add(new ArrayList<>());
      return alternatives;
    }

    private void add(Node node) {
      groups.element().getLast().add(node);
    }

    private void repeat(int min, int max, boolean counted, String text, boolean lastWasRepeat)
        throws PatternSyntaxProblem {
      if (lastWasRepeat) {
        throw new PatternSyntaxProblem(
            "\"" + text + "\" repeats something that is already repeated (Go's regexp rejects nested repetition)",
            BRACE_HINT);
      }
      List<Node> sequence = groups.element().getLast();
      if (sequence.isEmpty()) {
        throw new PatternSyntaxProblem("\"" + text + "\" has nothing before it to repeat", BRACE_HINT);
      }
      Repeat repeat = new Repeat(sequence.removeLast(), min, max, counted);
      sequence.add(repeat);
      if (repeat.counted() && (repeat.min() >= 2 || repeat.max() >= 2) && !repeatIsValid(repeat, MAX_REPEAT)) {
        throw new PatternSyntaxProblem(
            "invalid repeat count \"" + text + "\": nested repeats multiply past " + MAX_REPEAT, BRACE_HINT);
      }
    }

    /** {min}, {min,} or {min,max} at i: {min, max (-1 for none), end}; min is -1 when a number is too big. */
    private int[] parseRepeat() {
      int j = i + 1;
      int[] min = parseInt(j);
      if (min == null) return null;
      j = min[1];
      if (j >= n) return null;
      int max;
      int low = min[0];
      if (rx.charAt(j) != ',') {
        max = low;
      } else {
        j++;
        if (j >= n) return null;
        if (rx.charAt(j) == '}') {
          max = -1;
        } else {
          int[] high = parseInt(j);
          if (high == null) return null;
          j = high[1];
          max = high[0];
          if (max < 0) low = -1;
        }
      }
      if (j >= n || rx.charAt(j) != '}') return null;
      return new int[] {low, max, j + 1};
    }

    /** Go's parseInt: ASCII digits without a leading zero; {value (-1 when too big), end} or null. */
    private int[] parseInt(int j) {
      if (j >= n || !isDigit(rx.charAt(j))) return null;
      if (n - j >= 2 && rx.charAt(j) == '0' && isDigit(rx.charAt(j + 1))) return null;
      int end = j;
      while (end < n && isDigit(rx.charAt(end))) end++;
      int value = 0;
      for (int k = j; k < end; k++) {
        if (value >= 100_000_000) {
          value = -1;
          break;
        }
        value = value * 10 + rx.charAt(k) - '0';
      }
      return new int[] {value, end};
    }

    private void parseBackslash() throws PatternSyntaxProblem {
      if (i + 1 < n) {
        char escaped = rx.charAt(i + 1);
        switch (escaped) {
          case 'A' -> {
            add(BEGIN_TEXT);
            i += 2;
            return;
          }
          case 'b' -> {
            add(WORD_BOUNDARY);
            i += 2;
            return;
          }
          case 'B' -> {
            add(NO_WORD_BOUNDARY);
            i += 2;
            return;
          }
          case 'C' -> throw new PatternSyntaxProblem("invalid escape \"\\C\"", ESCAPE_HINT);
          case 'Q' -> {
            // \Q...\E: everything up to \E (or the end) is literal.
            int end = rx.indexOf("\\E", i + 2);
            String literal = end < 0 ? rx.substring(i + 2) : rx.substring(i + 2, end);
            i = end < 0 ? n : end + 2;
            literal.codePoints().forEach(codePoint -> add(new Literal(codePoint)));
            return;
          }
          case 'z' -> {
            add(END_TEXT);
            i += 2;
            return;
          }
          default -> {}
        }
        if (escaped == 'p' || escaped == 'P') {
          add(new CharClass(parseUnicodeClass()));
          return;
        }
        Optional<RuneRanges> perl = GoCharacterGroups.perl(escaped);
        if (perl.isPresent()) {
          add(new CharClass(perl.get()));
          i += 2;
          return;
        }
      }
      add(new Literal(parseEscape()));
    }

    /** Go's parseEscape at the backslash at i: the code point it stands for. */
    private int parseEscape() throws PatternSyntaxProblem {
      int start = i++;
      if (i >= n) {
        throw new PatternSyntaxProblem("trailing backslash", "write \"\\\\\" to match a backslash");
      }
      int c = rx.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80 && !isAlphanumeric(c)) return c; // escaped punctuation is itself
      switch (c) {
        case '1', '2', '3', '4', '5', '6', '7', '0' -> {
          // A lone non-zero digit would be a backreference, which Go does not support.
          if (c != '0' && (i >= n || !isOctal(rx.charAt(i)))) break;
          int value = c - '0';
          for (int digits = 1; digits < 3 && i < n && isOctal(rx.charAt(i)); digits++) {
            value = value * 8 + rx.charAt(i++) - '0';
          }
          return value;
        }
        case 'x' -> {
          if (i >= n) break;
          c = rx.codePointAt(i);
          i += Character.charCount(c);
          if (c == '{') {
            int value = 0;
            int digits = 0;
            while (true) {
              if (i >= n) return invalidEscape(start);
              c = rx.codePointAt(i);
              i += Character.charCount(c);
              if (c == '}') break;
              int digit = hexValue(c);
              if (digit < 0) return invalidEscape(start);
              value = value * 16 + digit;
              if (value > RuneRanges.MAX_RUNE) return invalidEscape(start);
              digits++;
            }
            if (digits == 0) return invalidEscape(start);
            return value;
          }
          int high = hexValue(c);
          int low = -1;
          if (i < n) {
            c = rx.codePointAt(i);
            i += Character.charCount(c);
            low = hexValue(c);
          }
          if (high < 0 || low < 0) break;
          return high * 16 + low;
        }
        case 'a' -> {
          return 7;
        }
        case 'f' -> {
          return '\f';
        }
        case 'n' -> {
          return '\n';
        }
        case 'r' -> {
          return '\r';
        }
        case 't' -> {
          return '\t';
        }
        case 'v' -> {
          return 11;
        }
        default -> {}
      }
      return invalidEscape(start);
    }

    private int invalidEscape(int start) throws PatternSyntaxProblem {
      throw new PatternSyntaxProblem("invalid escape \"" + rx.substring(start, Math.min(i, n)) + "\"", ESCAPE_HINT);
    }

    /** A bracket class at i, in Go's reading: '[' inside is literal, '-' is fine anywhere, ']' first is literal. */
    private RuneRanges parseClass() throws PatternSyntaxProblem {
      i++; // [
      boolean negated = false;
      if (i < n && rx.charAt(i) == '^') {
        negated = true;
        i++;
      }
      RuneRanges.Builder ranges = new RuneRanges.Builder();
      boolean first = true;
      while (i >= n || rx.charAt(i) != ']' || first) {
        first = false;
        if (n - i > 2 && rx.charAt(i) == '[' && rx.charAt(i + 1) == ':') {
          int close = rx.indexOf(":]", i + 2);
          if (close >= 0) {
            String name = rx.substring(i + 2, close);
            ranges.add(GoCharacterGroups.posix(name).orElseThrow(() -> new PatternSyntaxProblem(
                "unknown character class \"[:" + name + ":]\"",
                "use one of alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, "
                    + "word, xdigit")));
            i = close + 2;
            continue;
          }
        }
        if (i + 1 < n && rx.charAt(i) == '\\') {
          char escaped = rx.charAt(i + 1);
          if (escaped == 'p' || escaped == 'P') {
            ranges.add(parseUnicodeClass());
            continue;
          }
          Optional<RuneRanges> perl = GoCharacterGroups.perl(escaped);
          if (perl.isPresent()) {
            ranges.add(perl.get());
            i += 2;
            continue;
          }
        }
        int rangeStart = i;
        int lo = parseClassChar();
        int hi = lo;
        // [a-] means a or '-'.
        if (n - i >= 2 && rx.charAt(i) == '-' && rx.charAt(i + 1) != ']') {
          i++;
          hi = parseClassChar();
          if (hi < lo) {
            throw new PatternSyntaxProblem(
                "character range \"" + rx.substring(rangeStart, i) + "\" is reversed",
                "write the range from low to high, e.g. \"[a-z]\"");
          }
        }
        ranges.add(lo, hi);
      }
      i++; // ]
      RuneRanges set = ranges.build();
      return negated ? set.complement() : set;
    }

    private int parseClassChar() throws PatternSyntaxProblem {
      if (i >= n) {
        throw new PatternSyntaxProblem(
            "unclosed character class", "close it with \"]\", or write \"\\[\" to match a \"[\"");
      }
      if (rx.charAt(i) == '\\') return parseEscape();
      int codePoint = rx.codePointAt(i);
      i += Character.charCount(codePoint);
      return codePoint;
    }

    /** {@code \pL}, {@code \p{Greek}}, {@code \P{^Lu}} at i. */
    private RuneRanges parseUnicodeClass() throws PatternSyntaxProblem {
      int start = i;
      boolean negated = rx.charAt(i + 1) == 'P';
      int at = i + 2;
      String name;
      int end;
      if (at >= n) {
        name = "";
        end = at;
      } else if (rx.charAt(at) != '{') {
        int codePoint = rx.codePointAt(at);
        end = at + Character.charCount(codePoint);
        name = rx.substring(at, end);
      } else {
        int close = rx.indexOf('}', start);
        if (close < 0) {
          throw new PatternSyntaxProblem(
              "unclosed Unicode class \"" + rx.substring(start) + "\"", "close it with \"}\"");
        }
        name = rx.substring(start + 3, close);
        end = close + 1;
      }
      String written = rx.substring(start, end);
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.substring(1);
      }
      RuneRanges group = GoCharacterGroups.unicode(name).orElseThrow(() -> new PatternSyntaxProblem(
          "unknown Unicode class \"" + written + "\"",
          "use a Unicode category such as \\pL or a script such as \\p{Greek}, or write \"\\\\\" to match a "
              + "backslash"));
      i = end;
      return negated ? group.complement() : group;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isOctal(char c) {
      return c >= '0' && c <= '7';
    }

    private static boolean isAlphanumeric(int c) {
      return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static int hexValue(int c) {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    }
  }
}
