package dev.devd.render;

import dev.devd.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The project's Kubernetes YAML (or the devd.yaml keys that describe it) cannot be used: every
 * problem found, each naming the file and line, what is wrong and what to do.
 */
public final class ManifestException extends Exception {
  private final List<ConfigProblem> problems;

  public ManifestException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
    if (problems.isEmpty())
      throw new IllegalArgumentException("a ManifestException needs at least one problem");
    this.problems = List.copyOf(problems);
  }

  /** The problems in the order found; each prints as the line a user reads. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
