package dev.devd.config;

/**
 * Something in devd.yaml worth knowing that is not a problem, printed as {@code devd.yaml:LINE:COL:
 * note: YAML.path: what; what follows from it}: devd starts all the same.
 *
 * @param what what was noticed, quoting the input, e.g. {@code "build/classes" does not exist yet}
 * @param follows what devd does about it, e.g. {@code devd watches for it to appear}
 */
public record ConfigNote(String fileName, SourceLocation location, String what, String follows) {

  public String format() {
    return ConfigProblem.format(fileName, location, "note: ", what, follows);
  }
}
