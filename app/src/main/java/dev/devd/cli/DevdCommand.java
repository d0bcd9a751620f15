package dev.devd.cli;

import dev.devd.console.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: {@code devd <command>}; {@link Cli} adds the commands. */
@Command(
    name = "devd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Watches your project, rebuilds images with your own commands, and keeps what runs up to date.",
    usageHelpAutoWidth = true)
public final class DevdCommand implements Runnable {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "also print details and stack traces to the terminal")
  boolean verbose;

  // Setters, so the terminal is styled as soon as picocli reads the option, wherever on the command
  // line it stands.
  @Option(
      names = "--no-color",
      scope = ScopeType.INHERIT,
      description =
          "no colours on the terminal (also: NO_COLOR set, or output that is not a terminal)")
  void noColor(boolean noColor) {
    if (noColor) Terminal.stdout().noColour();
  }

  @Option(
      names = "--timestamps",
      scope = ScopeType.INHERIT,
      description = "start each terminal line with the time of day, to the millisecond")
  void timestamps(boolean timestamps) {
    if (timestamps) Terminal.stdout().timestamps();
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
