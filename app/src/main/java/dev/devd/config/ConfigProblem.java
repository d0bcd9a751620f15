package dev.devd.config;

/**
 * One thing wrong with devd.yaml or a file it names (Kubernetes YAML, an ignore file, a preset),
 * printed as {@code FILE:LINE:COL: YAML.path: what is wrong; what to do}; line, column and path are
 * left out where unknown. Every check that reads the user's files reports in this form, so that
 * {@code devd validate} and {@code devd up} can list all problems at once.
 *
 * @param fileName the name shown to the user (usually {@code devd.yaml}, or a path relative to its
 *     folder)
 * @param what what is wrong, quoting the rejected input
 * @param fix what to do about it
 */
public record ConfigProblem(String fileName, SourceLocation location, String what, String fix) {

  /** A problem at a line of a file other than devd.yaml, such as {@code k8s/web.yaml:12}. */
  public static ConfigProblem at(String fileName, int line, String what, String fix) {
    return new ConfigProblem(fileName, new SourceLocation(line, 0, ""), what, fix);
  }

  public String format() {
    return format(fileName, location, "", what, fix);
  }

  /** The line a user reads, as {@link #format}. */
  @Override
  public String toString() {
    return format();
  }

  /**
   * {@code FILE:LINE:COL: LABEL YAML.path: what; fix}, where the label, such as "note: ", may be
   * empty, and line, column and path are left out where unknown (0 or empty).
   */
  static String format(
      String fileName, SourceLocation location, String label, String what, String fix) {
    StringBuilder line = new StringBuilder(fileName);
    if (location.line() > 0) {
      line.append(':').append(location.line());
      if (location.column() > 0) line.append(':').append(location.column());
    }
    line.append(": ").append(label);
    if (!location.yamlPath().isEmpty()) line.append(location.yamlPath()).append(": ");
    line.append(what);
    if (fix != null && !fix.isEmpty()) line.append("; ").append(fix);
    return line.toString();
  }
}
