package dev.devd.ignore;

import dev.devd.ignore.IgnorePattern.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Docker's own pattern compilation (moby/patternmatcher {@code Pattern.compile}): decides whether a
 * cleaned pattern is tested as an exact string, a prefix, a suffix or a regexp, and builds the Go
 * regexp the way Docker does, quirks included:
 *
 * <ul>
 *   <li>Docker means to escape {@code .+()|{}$} but really escapes only {@code .+()$} (its bitmap
 *       holds a byte per row, so the bits for '{', '|' and '}' fall off): {@code |} and {@code
 *       {n,m}} reach the regexp raw;
 *   <li>{@code [}, {@code ]} and escapes go to the regexp untouched, so Go's regexp syntax, not
 *       glob syntax, decides what they mean ({@code [*]} becomes {@code [[^/]*]});
 *   <li>a pattern starting with {@code **} and holding no other wildcard is a plain suffix test
 *       ({@code **file} matches {@code myfile}).
 * </ul>
 *
 * For the common regexp patterns (literals, {@code *}, {@code ?}, {@code **} and plain classes such
 * as {@code [Tt]}) it also builds a {@link GlobMatcher} that matches the same paths without a
 * regexp engine.
 */
final class DockerPatternTranslator {
  private DockerPatternTranslator() {}

  /**
   * @param goRegexp the regexp Docker compiles (meaningful for REGEXP only)
   * @param glob an equivalent matcher without a regexp engine, or null when the regexp uses more
   *     than globs
   */
  record Translation(Kind kind, String goRegexp, GlobMatcher glob) {}

  // Characters that make the Go regexp more than a glob: classes, escapes, raw
  // alternation/repetition, '^'.
  private static final String REGEXP_SYNTAX = "[]\\{}|^";

  /** The kind alone: cheap, never fails. */
  static Kind kindOf(String pattern) {
    return translate(pattern, false).kind();
  }

  static Translation translate(String pattern) {
    return translate(pattern, true);
  }

  private static Translation translate(String pattern, boolean buildGlob) {
    int[] chars = pattern.codePoints().toArray();
    int pos = 0;
    // Docker walks the pattern with text/scanner, which silently skips a byte order mark at the
    // very start.
    if (chars.length > 0 && chars[0] == 0xFEFF) pos = 1;
    StringBuilder regexp = new StringBuilder("^");
    GlobMatcher.Builder glob = new GlobMatcher.Builder();
    boolean globbable = true;
    Kind kind = Kind.EXACT;
    boolean firstToken = true;
    int globClassEnd =
        -1; // while inside a class the glob has taken whole, the glob ignores the characters
    while (pos < chars.length) {
      if (pos < globClassEnd) {
        appendClassCharacter(regexp, chars, pos);
        pos++;
        firstToken = false;
        continue;
      }
      int ch = chars[pos++];
      if (ch == '*') {
        if (pos < chars.length && chars[pos] == '*') {
          pos++;
          if (pos < chars.length && chars[pos] == '/') pos++; // "**/" behaves as "**"
          if (pos == chars.length) {
            // "**" at the very end: everything below.
            if (kind == Kind.EXACT) {
              kind = Kind.PREFIX;
            } else {
              regexp.append(".*");
              glob.rest();
              kind = Kind.REGEXP;
            }
          } else {
            regexp.append("(.*/)?"); // any number of leading folders
            glob.folders();
            kind = Kind.REGEXP;
          }
          if (firstToken) kind = Kind.SUFFIX;
        } else {
          regexp.append("[^/]*"); // '*' never crosses '/'
          glob.run();
          kind = Kind.REGEXP;
        }
      } else if (ch == '?') {
        regexp.append("[^/]");
        glob.one();
        kind = Kind.REGEXP;
      } else if (ch == '.' || ch == '+' || ch == '(' || ch == ')' || ch == '$') {
        regexp.append('\\').appendCodePoint(ch);
        glob.literal(ch);
      } else if (ch == '\\') {
        globbable = false;
        if (pos < chars.length) {
          regexp.append('\\').appendCodePoint(chars[pos++]);
          kind = Kind.REGEXP;
        } else {
          regexp.append(
              '\\'); // a lone trailing backslash is kept as it is (and escapes the final '$')
        }
      } else if (ch == '[' || ch == ']') {
        regexp.appendCodePoint(ch);
        kind = Kind.REGEXP;
        if (ch == '[' && globbable) {
          // The class's characters still go into the regexp one by one, by the rules above; the
          // glob takes the
          // class whole, or gives up on the pattern.
          GlobMatcher.CodePoints[] set = new GlobMatcher.CodePoints[1];
          globClassEnd = simpleClass(chars, pos, set);
          if (globClassEnd < 0) {
            globbable = false;
          } else {
            glob.set(set[0]);
          }
        } else {
          globbable = false;
        }
      } else {
        if (REGEXP_SYNTAX.indexOf(ch) >= 0) globbable = false;
        regexp.appendCodePoint(ch);
        glob.literal(ch);
      }
      firstToken = false;
    }
    if (kind != Kind.REGEXP) return new Translation(kind, null, null);
    regexp.append('$');
    return new Translation(kind, regexp.toString(), buildGlob && globbable ? glob.build() : null);
  }

  /**
   * Where a class such as {@code [Tt]}, {@code [0-9]} or {@code [^.]} ends (after its ']'), with
   * its members put in {@code set[0]}; -1 for any class whose meaning in Go is less plain (escapes,
   * '[', '*', '?', braces, '|', '^' after the start, a lone '-', an empty or reversed range), which
   * the regexp then handles.
   *
   * @param start just after the '['
   */
  private static int simpleClass(int[] chars, int start, GlobMatcher.CodePoints[] set) {
    int i = start;
    boolean negated = i < chars.length && chars[i] == '^';
    if (negated) i++;
    int[] ranges = new int[8];
    int size = 0;
    while (true) {
      if (i >= chars.length) return -1;
      int c = chars[i];
      if (c == ']') {
        if (size == 0) return -1;
        break;
      }
      if (!isPlainClassCharacter(c)) return -1;
      int hi = c;
      i++;
      if (i + 1 < chars.length && chars[i] == '-' && chars[i + 1] != ']') {
        hi = chars[i + 1];
        if (!isPlainClassCharacter(hi) || hi < c) return -1;
        i += 2;
      }
      if (size == ranges.length) ranges = Arrays.copyOf(ranges, size * 2);
      ranges[size++] = c;
      ranges[size++] = hi;
    }
    set[0] = new GlobMatcher.CodePoints(Arrays.copyOf(ranges, size), negated);
    return i + 1;
  }

  private static boolean isPlainClassCharacter(int c) {
    return "[]\\*?{}|^-".indexOf(c) < 0;
  }

  /** How Docker writes one character that stands inside a class the glob took whole. */
  private static void appendClassCharacter(StringBuilder regexp, int[] chars, int pos) {
    int ch = chars[pos];
    if (ch == '.' || ch == '+' || ch == '(' || ch == ')' || ch == '$') regexp.append('\\');
    regexp.appendCodePoint(ch);
  }

  /**
   * The literal text every match of a REGEXP-kind pattern starts with, as far as it can be read off
   * the pattern without understanding Go's regexp syntax; "" when nothing is certain (an
   * alternation, a leading byte order mark).
   */
  static String literalPrefix(String pattern) {
    if (pattern.indexOf('|') >= 0 || pattern.startsWith("\uFEFF")) return "";
    List<Integer> literal = new ArrayList<>();
    for (int i = 0; i < pattern.length(); ) {
      int ch = pattern.codePointAt(i);
      if (ch == '{') {
        // "a{0}" repeats the character before it, so that one is not certain either.
        if (!literal.isEmpty()) literal.removeLast();
        break;
      }
      if (ch == '*' || ch == '?' || REGEXP_SYNTAX.indexOf(ch) >= 0) break;
      literal.add(ch);
      i += Character.charCount(ch);
    }
    StringBuilder text = new StringBuilder();
    literal.forEach(text::appendCodePoint);
    return text.toString();
  }
}
