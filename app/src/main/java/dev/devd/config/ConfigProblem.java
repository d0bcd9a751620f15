package dev.devd.config;

/**
 * One thing wrong with devd.yaml, printed as {@code devd.yaml:LINE:COL: YAML.path: what is wrong; what to do}.
 *
 * @param fileName the name shown to the user (usually {@code devd.yaml}, relative to where devd runs)
 * @param what what is wrong, quoting the rejected input
 * @param fix what to do about it
 */
public record ConfigProblem(String fileName, SourceLocation location, String what, String fix) {

  public String format() {
    return format(fileName, location, "", what, fix);
  }

  /** {@code FILE:LINE:COL: LABEL YAML.path: what; fix}, where the label, such as "note: ", may be empty. */
  static String format(String fileName, SourceLocation location, String label, String what, String fix) {
    StringBuilder line = new StringBuilder(fileName);
    if (location.line() > 0) line.append(':').append(location.line()).append(':').append(location.column());
    line.append(": ").append(label);
    if (!location.yamlPath().isEmpty()) line.append(location.yamlPath()).append(": ");
    line.append(what);
    if (fix != null && !fix.isEmpty()) line.append("; ").append(fix);
    return line.toString();
  }
}
