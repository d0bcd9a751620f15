package dev.devd.config;

/**
 * Quotes one value so that a shell passes it to the program as exactly one argument, unchanged:
 * POSIX {@code sh} for {@code command}, {@code cmd.exe} for {@code commandBat}. Values made only of
 * safe characters stay as they are, so expanded preset commands read like hand-written ones.
 */
public final class ShellQuoter {
  private static final String POSIX_SAFE = "-_./:=@%+,";
  // ',', ';' and '=' separate arguments for cmd.exe and batch files, so they are not safe there.
  private static final String CMD_SAFE = "-_./:\\+@";
  private static final String CMD_METACHARACTERS = "()%!^\"<>&|";

  private ShellQuoter() {}

  /** For {@code sh -c}: single quotes, each {@code '} written as {@code '\''}. */
  public static String posix(String value) {
    if (isSafe(value, POSIX_SAFE)) return value;
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * For {@code cmd.exe /c}: first quoted the way programs split their command line
   * (CommandLineToArgvW: quotes around, backslashes before a quote doubled), then every cmd.exe
   * metacharacter caret-escaped, so cmd.exe neither expands {@code %VAR%} nor acts on {@code & | <
   * >} inside the value, whatever quotes it contains. This is the method described in "Everyone
   * quotes command line arguments the wrong way" (Daniel Colascione, 2011).
   */
  public static String cmdExe(String value) {
    if (isSafe(value, CMD_SAFE)) return value;
    StringBuilder argv = new StringBuilder("\"");
    int backslashes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == '"') {
        argv.append("\\".repeat(backslashes * 2 + 1));
      } else {
        argv.append("\\".repeat(backslashes));
      }
      backslashes = 0;
      argv.append(c);
    }
    argv.append("\\".repeat(backslashes * 2)).append('"');
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < argv.length(); i++) {
      char c = argv.charAt(i);
      if (CMD_METACHARACTERS.indexOf(c) >= 0) escaped.append('^');
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static boolean isSafe(String value, String safePunctuation) {
    if (value.isEmpty()) return false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!plain && safePunctuation.indexOf(c) < 0) return false;
    }
    return true;
  }
}
