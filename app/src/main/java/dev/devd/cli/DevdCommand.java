package dev.devd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: {@code devd <command>}; {@link Cli} adds the commands. */
@Command(name = "devd", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Watches your project, rebuilds images with your own commands, and keeps what runs up to date.",
    usageHelpAutoWidth = true)
public final class DevdCommand implements Runnable {
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "also print details and stack traces to the terminal")
  boolean verbose;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
