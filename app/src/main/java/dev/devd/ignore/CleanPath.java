package dev.devd.ignore;

import java.util.Arrays;

/**
 * A cleaned, '/'-separated path together with where it and each of its parent folders end, found
 * once so that every pattern can test "the path or one of its parents" (Docker's parent rule)
 * without searching for the slashes again.
 *
 * <p>The ends follow Docker's MatchesOrParentMatches: the parents of {@code a/b/c} are {@code a}
 * and {@code a/b}; those of a rooted {@code /x} are {@code ""} and {@code /} (Go's filepath.Dir
 * gives "/", split and joined back).
 */
final class CleanPath {
  final String text;

  /**
   * Ascending ends of the parents and of the path itself: {@code text.substring(0, end)} is each of
   * them.
   */
  final int[] ends;

  /**
   * Index of the first '\n' (which "**" cannot cross in Docker's regexps), or the length when there
   * is none.
   */
  final int firstNewline;

  private CleanPath(String text, int[] ends, int firstNewline) {
    this.text = text;
    this.ends = ends;
    this.firstNewline = firstNewline;
  }

  /**
   * @param cleaned a path already cleaned like Go's path.Clean, other than "."
   */
  static CleanPath of(String cleaned) {
    int length = cleaned.length();
    int[] ends = new int[8];
    int count = 0;
    int firstNewline = length;
    for (int i = 0; i < length; i++) {
      char c = cleaned.charAt(i);
      if (c == '/') {
        if (count + 2 > ends.length) ends = Arrays.copyOf(ends, ends.length * 2);
        ends[count++] = i;
        // "/x": its parent "/" is tested as well.
        if (i == 0 && cleaned.lastIndexOf('/') == 0) ends[count++] = 1;
      } else if (c == '\n' && firstNewline == length) {
        firstNewline = i;
      }
    }
    if (count == ends.length) ends = Arrays.copyOf(ends, count + 1);
    if (count == 0 || ends[count - 1] != length) ends[count++] = length;
    return new CleanPath(
        cleaned, ends.length == count ? ends : Arrays.copyOf(ends, count), firstNewline);
  }

  /** Whether {@code end} is where the path or one of its parents ends. */
  boolean isEnd(int end) {
    for (int e : ends) {
      if (e == end) return true;
      if (e > end) return false;
    }
    return false;
  }
}
