package dev.devd.ignore;

import java.util.Optional;

/**
 * A .dockerignore pattern Docker would reject, with the pattern as written, why, and what to do
 * about it. Its message reads {@code invalid pattern "[a-": unclosed character class; close it with
 * "]", or write "\[" to match a "["}, prefixed by where the pattern came from once that is known
 * (see {@link #at}).
 *
 * <p>Unchecked, like {@link java.nio.file.InvalidPathException}: rules built by {@link
 * IgnoreRulesFactory} have every pattern compiled up front, so matching a path with them never
 * throws it.
 */
public final class InvalidIgnorePatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String pattern;
  private final String reason;
  private final String hint;
  private final int line;
  private final String where;

  /**
   * @param pattern the line as written (trimmed), e.g. {@code [a-} or {@code !}
   * @param reason what is wrong, e.g. {@code unclosed character class}
   * @param hint what to do, e.g. {@code close it with "]", or write "\[" to match a "["}
   * @param line 1-based position of the pattern among the lines it was read from, 0 when unknown
   */
  public InvalidIgnorePatternException(String pattern, String reason, String hint, int line) {
    this(pattern, reason, hint, line, null);
  }

  private InvalidIgnorePatternException(
      String pattern, String reason, String hint, int line, String where) {
    super(format(pattern, reason, hint, where));
    this.pattern = pattern;
    this.reason = reason;
    this.hint = hint;
    this.line = line;
    this.where = where;
  }

  private static String format(String pattern, String reason, String hint, String where) {
    String message = "invalid pattern \"" + pattern + "\": " + reason + "; " + hint;
    return where == null ? message : where + ": " + message;
  }

  /**
   * The same problem, located: {@code at("web/.dockerignore:3")} prefixes the message with that.
   */
  public InvalidIgnorePatternException at(String where) {
    InvalidIgnorePatternException located =
        new InvalidIgnorePatternException(pattern, reason, hint, line, where);
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** The pattern line as written, e.g. {@code [a-}. */
  public String pattern() {
    return pattern;
  }

  /** Why Docker rejects it, e.g. {@code unclosed character class}. */
  public String reason() {
    return reason;
  }

  /**
   * What the user can do about it, e.g. {@code close it with "]", or write "\[" to match a "["}.
   */
  public String hint() {
    return hint;
  }

  /**
   * 1-based position of the pattern among the lines it was read from (the file line), 0 when
   * unknown.
   */
  public int line() {
    return line;
  }

  /** Where the pattern came from, once {@link #at} has said so. */
  public Optional<String> where() {
    return Optional.ofNullable(where);
  }
}
