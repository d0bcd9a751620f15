package dev.devd.ignore;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path.Clean} for '/'-separated paths: Docker cleans every ignore pattern and every
 * path this way, so {@code /a}, {@code ./a}, {@code a/} and {@code b/../a} all mean {@code a}.
 */
final class GoPathCleaner {
  private GoPathCleaner() {}

  /**
   * The shortest path equivalent to {@code path} by purely lexical processing; {@code ""} becomes
   * {@code "."}.
   */
  static String clean(String path) {
    if (path.isEmpty()) return ".";
    if (isClean(path)) return path;
    boolean rooted = path.charAt(0) == '/';
    List<String> parts = new ArrayList<>();
    for (String element : path.split("/", -1)) {
      if (element.isEmpty() || element.equals(".")) continue;
      if (element.equals("..")) {
        if (!parts.isEmpty() && !parts.getLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.add("..");
        }
        // A rooted path cannot climb above "/": Go drops the "..".
        continue;
      }
      parts.add(element);
    }
    String joined = String.join("/", parts);
    if (rooted) return "/" + joined;
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * Whether {@link #clean} would return {@code path} unchanged; errs towards "no" (a clean path
   * with a ".." element takes the slow road), which costs time, not correctness.
   */
  static boolean isClean(String path) {
    int length = path.length();
    if (length == 0) return false;
    if (path.equals("/")) return true;
    if (path.charAt(length - 1) == '/') return false;
    int start = path.charAt(0) == '/' ? 1 : 0;
    while (start <= length) {
      int end = path.indexOf('/', start);
      if (end < 0) end = length;
      int elementLength = end - start;
      if (elementLength == 0) return false;
      if (path.charAt(start) == '.'
          && (elementLength == 1 || elementLength == 2 && path.charAt(start + 1) == '.')) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
