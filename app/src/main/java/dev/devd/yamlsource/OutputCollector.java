package dev.devd.yamlsource;

import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command that prints YAML to its end, keeping its stdout as text and its stderr as lines.
 */
final class OutputCollector {
  /** How a command ended, and what it printed. */
  record Collected(ProcessResult result, String stdout, List<String> stderr) {}

  private final ProcessRunner runner;

  OutputCollector(ProcessRunner runner) {
    this.runner = runner;
  }

  Collected run(ProcessSpec spec) throws ProcessStartException {
    // The runner hands out lines; a line longer than 64 KiB arrives in pieces, which this joins
    // with a line break.
    // Kubernetes YAML with such a line (a huge inline value) is the one thing this would break.
    StringBuilder stdout = new StringBuilder();
    List<String> stderr = new ArrayList<>();
    ProcessResult result =
        runner.run(
            spec,
            line -> stdout.append(line).append('\n'),
            line -> {
              synchronized (stderr) {
                stderr.add(line);
              }
            });
    synchronized (stderr) {
      return new Collected(result, stdout.toString(), List.copyOf(stderr));
    }
  }

  /** "exited with 3", "ran longer than 5m and was stopped", "was stopped". */
  static String ending(ProcessResult result) {
    return switch (result.outcome()) {
      case EXITED -> "exited with " + result.exitCode();
      case TIMED_OUT -> "ran too long and was stopped";
      case STOPPED -> "was stopped";
    };
  }
}
