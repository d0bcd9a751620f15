package dev.devd.ignore;

/**
 * What devd always ignores, at any depth: {@code .git} and {@code .devd} folders with everything
 * below them, and the temporary files editors write next to the file being saved. The editor list
 * is Tilt's (internal/ignore/ephemeral.go, also used by Docker Compose watch): {@code
 * **&#47;*___jb_old___}, {@code **&#47;.idea/**}, {@code **&#47;.#*}, {@code **&#47;4913}, {@code
 * **&#47;*~}, {@code **&#47;.*.swp} and friends.
 *
 * <p>Every rule looks at one path component at a time, so it is checked with a few string tests per
 * component instead of patterns, and a folder that hits a rule has everything below it ignored too
 * (Docker's parent rule).
 */
final class BuiltInIgnores {
  private BuiltInIgnores() {}

  /**
   * The built-in pattern that ignores this path, or null.
   *
   * @param path a '/'-separated path
   * @param from where the path relative to its watch root starts in {@code path}; earlier
   *     components are not looked at
   */
  static String patternFor(String path, int from) {
    int length = path.length();
    int start = from;
    while (start < length) {
      int end = path.indexOf('/', start);
      if (end < 0) end = length;
      String pattern = patternForComponent(path, start, end, end < length);
      if (pattern != null) return pattern;
      start = end + 1;
    }
    return null;
  }

  private static String patternForComponent(String path, int start, int end, boolean hasMoreBelow) {
    int length = end - start;
    if (length == 0) return null;
    if (is(path, start, end, ".git")) return ".git/";
    if (is(path, start, end, ".devd")) return ".devd/";
    // **/.idea/** ignores what is inside .idea, not .idea itself.
    if (hasMoreBelow && is(path, start, end, ".idea")) return ".idea/**";
    if (is(path, start, end, "4913"))
      return "4913"; // vim's probe file for whether it may write the folder
    if (path.charAt(end - 1) == '~') return "*~";
    if (endsWith(path, start, end, "___jb_old___")) return "*___jb_old___";
    if (endsWith(path, start, end, "___jb_tmp___")) return "*___jb_tmp___";
    if (endsWith(path, start, end, "-go-tmp-umask")) return "*-go-tmp-umask";
    char first = path.charAt(start);
    if (first == '#' && length >= 2 && path.charAt(end - 1) == '#') return "#*#";
    if (first == '.') {
      if (length >= 2 && path.charAt(start + 1) == '#') return ".#*";
      // .*.swp needs a '.', something (maybe nothing) and ".swp": at least 5 characters.
      if (length >= 5) {
        if (endsWith(path, start, end, ".swp")) return ".*.swp";
        if (endsWith(path, start, end, ".swx")) return ".*.swx";
        if (endsWith(path, start, end, ".swo")) return ".*.swo";
        if (endsWith(path, start, end, ".swn")) return ".*.swn";
      }
      if (length >= 10 && endsWith(path, start, end, ".kate-swp")) return ".*.kate-swp";
    }
    if (path.startsWith("flymake_", start)
        && length > 8
        && path.indexOf('.', start + 8) >= 0
        && path.indexOf('.', start + 8) < end) {
      return "flymake_*.*";
    }
    return null;
  }

  private static boolean is(String path, int start, int end, String name) {
    return end - start == name.length() && path.startsWith(name, start);
  }

  private static boolean endsWith(String path, int start, int end, String suffix) {
    return end - start >= suffix.length() && path.startsWith(suffix, end - suffix.length());
  }
}
