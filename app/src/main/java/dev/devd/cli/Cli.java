package dev.devd.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Builds the command line, maps errors to exit codes, and runs one command. */
public final class Cli {
  private Cli() {}

  /** Runs devd with these arguments and returns its exit code. */
  public static int run(String[] args) {
    LogFile.choose(args);
    CommandLine commandLine = new CommandLine(new DevdCommand());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setParameterExceptionHandler(Cli::badUsage);
    commandLine.setExecutionStrategy(parseResult -> {
      if (parseResult.hasMatchedOption("--verbose") || parseResult.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"))) {
        Verbosity.verbose();
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return commandLine.execute(args);
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    System.err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
    System.err.println("see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.USAGE;
  }
}
