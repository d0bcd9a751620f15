package dev.devd.config;

import java.util.List;
import java.util.stream.Collectors;

/** devd.yaml could not be used: every problem found, in file order. Nothing was started. */
public final class ConfigException extends Exception {
  private final String fileName;
  private final List<ConfigProblem> problems;

  public ConfigException(String fileName, List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
    if (problems.isEmpty())
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    this.fileName = fileName;
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  /** The lines a user reads: one per problem, then the summary. */
  public String report() {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    boolean elsewhere = problems.stream().anyMatch(problem -> !problem.fileName().equals(fileName));
    String summary =
        elsewhere ? fileName + " and the files it names have " + count : fileName + " has " + count;
    return getMessage() + "\n" + summary + "; nothing was started.";
  }
}
