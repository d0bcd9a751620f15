package dev.devd.ignore;

/**
 * One line of a .dockerignore-style list as Docker holds it: the text as written, whether it is an
 * exception ({@code !}), and the cleaned pattern, tested the way Docker chose for it. The matcher
 * is built the first time the pattern is used, as in Docker, so a pattern whose regexp Go rejects
 * fails only when it is evaluated (or when {@link #compile()} is called).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class IgnorePattern {

  /**
   * How Docker tests the pattern: as the whole path ({@code node_modules}), a prefix ({@code
   * build/**}), a suffix ({@code **&#47;foo}, {@code **.txt}), or a regexp (anything else with
   * {@code *}, {@code ?}, {@code [}, {@code ]} or {@code \}).
   */
  public enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    REGEXP
  }

  private final String text;
  private final String pattern;
  private final boolean exclusion;
  private final int line;
  private final Kind kind;
  // Built on first use; a race builds it twice, harmlessly, since the result is the same immutable
  // value.
  private volatile CompiledPattern compiled;

  IgnorePattern(String text, String pattern, boolean exclusion, int line) {
    this.text = text;
    this.pattern = pattern;
    this.exclusion = exclusion;
    this.line = line;
    this.kind = DockerPatternTranslator.kindOf(pattern);
  }

  /** The line as written, trimmed: {@code !docs/README.md}, {@code /build/}. */
  public String text() {
    return text;
  }

  /**
   * What Docker matches: cleaned, without the leading {@code !} or {@code /}, e.g. {@code build}.
   */
  public String pattern() {
    return pattern;
  }

  /** An exception ({@code !x}): re-includes what earlier lines ignored. */
  public boolean isExclusion() {
    return exclusion;
  }

  /** 1-based position among the lines the pattern was read from (the line number in a file). */
  public int line() {
    return line;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Whether the pattern matches this path itself (Docker's {@code Pattern.match}, without the
   * parent rule).
   *
   * @param cleanedPath a '/'-separated path relative to the ignore file's folder, already cleaned
   * @throws InvalidIgnorePatternException when the pattern's regexp does not compile, as in Docker
   */
  public boolean matches(String cleanedPath) {
    return compiled().matches(cleanedPath, cleanedPath.length());
  }

  /**
   * The path or one of its parent folders matches (Docker's per-pattern test in
   * MatchesOrParentMatches).
   */
  boolean matchesSelfOrParent(CleanPath path) {
    return compiled().matchesSelfOrParent(path);
  }

  /** Builds the matcher now. */
  public void compile() {
    if (compiled() instanceof CompiledPattern.Broken broken) {
      throw broken.problem().forPattern(text, line);
    }
  }

  private CompiledPattern compiled() {
    CompiledPattern result = compiled;
    if (result == null) {
      result = build();
      compiled = result;
    }
    return result;
  }

  private CompiledPattern build() {
    DockerPatternTranslator.Translation translation = DockerPatternTranslator.translate(pattern);
    return switch (translation.kind()) {
      case EXACT -> new CompiledPattern.Exact(pattern);
      case PREFIX -> new CompiledPattern.Prefix(pattern.substring(0, pattern.length() - 2));
      // Docker cuts "**" off as two bytes; after a byte order mark that leaves broken UTF-8 no path
      // can end with.
      case SUFFIX ->
          pattern.startsWith("\uFEFF")
              ? new CompiledPattern.Nothing()
              : new CompiledPattern.Suffix(pattern.substring(2));
      case REGEXP ->
          translation.glob() != null ? translation.glob() : regexp(translation.goRegexp());
    };
  }

  private CompiledPattern regexp(String goRegexp) {
    try {
      return new CompiledPattern.Regexp(GoRegexpCompiler.compile(goRegexp));
    } catch (PatternSyntaxProblem problem) {
      return new CompiledPattern.Broken(text, line, problem);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
