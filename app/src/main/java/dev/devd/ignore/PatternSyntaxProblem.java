package dev.devd.ignore;

/**
 * Why Go would reject a pattern or regexp, before we know which ignore line it belongs to; {@link
 * IgnorePattern} turns it into an {@link InvalidIgnorePatternException} that quotes the line.
 */
final class PatternSyntaxProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hint;

  PatternSyntaxProblem(String reason, String hint) {
    super(reason, null, false, false);
    this.hint = hint;
  }

  String reason() {
    return getMessage();
  }

  String hint() {
    return hint;
  }

  InvalidIgnorePatternException forPattern(String pattern, int line) {
    return new InvalidIgnorePatternException(pattern, reason(), hint, line);
  }
}
