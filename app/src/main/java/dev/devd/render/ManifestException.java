package dev.devd.render;

import java.util.List;

/**
 * The project's Kubernetes YAML (or the devd.yaml keys that describe it) cannot be used: every problem found, each a
 * line that names the file and line, what is wrong and what to do.
 */
public final class ManifestException extends Exception {
  private final List<String> problems;

  public ManifestException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) throw new IllegalArgumentException("a ManifestException needs at least one problem");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
