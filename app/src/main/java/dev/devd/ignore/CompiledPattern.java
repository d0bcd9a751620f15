package dev.devd.ignore;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One ignore pattern ready to test paths, in the form Docker chose for it (exact, prefix, suffix or
 * regexp). Paths are cleaned and '/'-separated; {@code matches(path, end)} tests {@code
 * path.substring(0, end)} without creating it.
 */
interface CompiledPattern {

  boolean matches(String path, int end);

  /**
   * Docker's test for one pattern in MatchesOrParentMatches: the path itself or one of its parent
   * folders.
   */
  default boolean matchesSelfOrParent(CleanPath path) {
    for (int end : path.ends) {
      if (matches(path.text, end)) return true;
    }
    return false;
  }

  /** Docker's exactMatch: the path is the pattern. */
  record Exact(String text) implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      return end == text.length() && path.startsWith(text);
    }

    @Override
    public boolean matchesSelfOrParent(CleanPath path) {
      // Only the path or parent exactly as long as the text can equal it.
      return path.isEnd(text.length()) && path.text.startsWith(text);
    }
  }

  /** Docker's prefixMatch for "x**": the path starts with x. */
  record Prefix(String prefix) implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      return end >= prefix.length() && path.startsWith(prefix);
    }

    @Override
    public boolean matchesSelfOrParent(CleanPath path) {
      return path.text.startsWith(
          prefix); // then the path itself matches; no parent matches unless the path does
    }
  }

  /**
   * Docker's suffixMatch for "**x": the path ends with x; "**&#47;foo" also matches "foo" itself.
   */
  record Suffix(String suffix) implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      int length = suffix.length();
      if (end >= length && path.regionMatches(end - length, suffix, 0, length)) return true;
      return length > 0
          && suffix.charAt(0) == '/'
          && end == length - 1
          && path.regionMatches(0, suffix, 1, length - 1);
    }
  }

  /**
   * Matches nothing: Docker's suffix test of a pattern starting with a byte order mark compares
   * broken UTF-8.
   */
  record Nothing() implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      return false;
    }
  }

  /**
   * A regexp pattern, run by RE2/J as Go's regexp.MatchString would run it; see {@link
   * GoRegexpCompiler.Compiled} for the one search that answers for the path and its parents.
   */
  record Regexp(GoRegexpCompiler.Compiled regexp) implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      return regexp.self().matcher(prefix(path, end)).find();
    }

    @Override
    public boolean matchesSelfOrParent(CleanPath path) {
      // A rooted path has parents ("" and "/") that do not end before a '/'.
      if (regexp.selfOrParent() != null && !path.text.isEmpty() && path.text.charAt(0) != '/') {
        return regexp.selfOrParent().matcher(path.text).find();
      }
      Pattern pattern = regexp.self();
      Matcher matcher = null;
      for (int end : path.ends) {
        CharSequence text = prefix(path.text, end);
        if (matcher == null) {
          matcher = pattern.matcher(text);
        } else {
          matcher.reset(text);
        }
        if (matcher.find()) return true;
      }
      return false;
    }

    // RE2/J has no regions: a parent is matched as a string of its own, as Go matches it.
    private static CharSequence prefix(String path, int end) {
      return end == path.length() ? path : path.substring(0, end);
    }
  }

  /** A pattern whose regexp Go would not compile: every use fails, as in Docker. */
  record Broken(String pattern, int line, PatternSyntaxProblem problem) implements CompiledPattern {
    @Override
    public boolean matches(String path, int end) {
      throw problem.forPattern(pattern, line);
    }
  }
}
