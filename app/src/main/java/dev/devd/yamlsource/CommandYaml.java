package dev.devd.yamlsource;

import dev.devd.config.YamlSource;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a {@code cmd:} source in devd.yaml's folder and takes what it prints on stdout as Kubernetes
 * YAML.
 */
final class CommandYaml {
  private final OutputCollector collector;
  private final boolean windows;

  CommandYaml(OutputCollector collector, boolean windows) {
    this.collector = collector;
    this.windows = windows;
  }

  String render(YamlSource.Command command, Path root) throws SourceFailure {
    String shown = "`" + command.cmd().display() + "`";
    OutputCollector.Collected run;
    try {
      run = collector.run(ProcessSpec.of(command.cmd().toArgv(windows), root));
    } catch (ProcessStartException e) {
      throw new SourceFailure("cannot start " + shown + ": " + e.problem(), e.fix(), List.of());
    }
    if (!run.result().succeeded()) {
      List<String> stderr = run.stderr();
      throw new SourceFailure(
          shown + " " + OutputCollector.ending(run.result()),
          "fix the command; it must print "
              + "Kubernetes YAML and exit with 0"
              + (stderr.isEmpty() ? " (it printed nothing on stderr)" : " (its stderr follows)"),
          stderr);
    }
    return run.stdout();
  }
}
