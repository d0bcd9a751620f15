package dev.devd.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the lines of an ignore file into patterns the way Docker does: moby/patternmatcher's {@code
 * ignorefile.ReadAll} (byte order mark, {@code #} comments, CR, trimming, cleaning, leading {@code
 * /}) followed by {@code patternmatcher.New} (trim and clean again, the {@code !} flag, the
 * load-time syntax check). Both steps are kept separate because their combination has quirks:
 * {@code !/} cleans to a bare {@code !}, which New rejects.
 */
final class IgnoreFileReader {
  private IgnoreFileReader() {}

  /**
   * @param lines the lines in order; an element holding '\n' counts as several lines, all numbered
   *     as that element
   * @throws InvalidIgnorePatternException for the first line Docker's loader rejects
   */
  static List<IgnorePattern> read(List<String> lines) {
    List<IgnorePattern> patterns = new ArrayList<>();
    boolean firstLine = true;
    for (int index = 0; index < lines.size(); index++) {
      String element = lines.get(index);
      String[] pieces = element.split("\n", -1);
      int count = pieces.length;
      // The final newline of a file does not start another line.
      if (index == lines.size() - 1 && element.endsWith("\n")) count--;
      for (int piece = 0; piece < count; piece++) {
        IgnorePattern pattern = readLine(pieces[piece], index + 1, firstLine);
        firstLine = false;
        if (pattern != null) patterns.add(pattern);
      }
    }
    return List.copyOf(patterns);
  }

  private static IgnorePattern readLine(String line, int lineNumber, boolean firstLine) {
    // ignorefile.ReadAll
    if (line.endsWith("\r"))
      line = line.substring(0, line.length() - 1); // bufio.ScanLines drops one CR
    if (firstLine && line.startsWith("\uFEFF")) line = line.substring(1);
    if (line.startsWith("#")) return null; // a comment only when '#' is the very first character
    String written = trimSpace(line);
    if (written.isEmpty()) return null;
    String read = written;
    boolean inverted = read.charAt(0) == '!';
    if (inverted) read = trimSpace(read.substring(1));
    if (!read.isEmpty()) {
      read = GoPathCleaner.clean(read);
      if (read.length() > 1 && read.charAt(0) == '/')
        read = read.substring(1); // patterns are context-relative
    }
    if (inverted) read = "!" + read;

    // patternmatcher.New
    String pattern = trimSpace(read);
    if (pattern.isEmpty()) return null;
    pattern = GoPathCleaner.clean(pattern);
    boolean exclusion = false;
    if (pattern.charAt(0) == '!') {
      if (pattern.length() == 1) {
        throw new InvalidIgnorePatternException(
            written,
            "an exception needs a path after \"!\"",
            "write what to re-include, such as \"!keep.txt\", or remove the line",
            lineNumber);
      }
      exclusion = true;
      pattern = pattern.substring(1);
    }
    try {
      GoGlobChecker.check(pattern);
    } catch (PatternSyntaxProblem problem) {
      throw problem.forPattern(written, lineNumber);
    }
    return new IgnorePattern(written, pattern, exclusion, lineNumber);
  }

  /**
   * Go's strings.TrimSpace: trims what unicode.IsSpace accepts (not quite Java's isWhitespace or
   * strip).
   */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.charAt(start))) start++;
    while (end > start && isGoSpace(s.charAt(end - 1))) end--;
    return s.substring(start, end);
  }

  private static boolean isGoSpace(char c) {
    return switch (c) {
      case '\t',
          '\n',
          '\u000B',
          '\f',
          '\r',
          ' ',
          '\u0085',
          '\u00A0',
          '\u1680',
          '\u2028',
          '\u2029',
          '\u202F',
          '\u205F',
          '\u3000' ->
          true;
      default -> c >= '\u2000' && c <= '\u200A';
    };
  }
}
