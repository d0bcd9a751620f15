package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devd validate}: checks devd.yaml and reports every problem, without starting anything. */
@Command(name = "validate", description = "Check devd.yaml and report every problem at once.")
public final class ValidateCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Override
  public Integer call() throws ConfigException {
    ProjectConfig config = project.load();
    config.notes().forEach(note -> System.out.println(note.format()));
    System.out.println(config.root().relativize(config.file()) + " is valid: " + Counting.summary(config));
    return ExitCodes.OK;
  }
}
