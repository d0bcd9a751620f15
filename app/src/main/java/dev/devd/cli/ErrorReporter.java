package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.console.ResourceLog;
import dev.devd.runtime.DeployException;
import dev.devd.render.ManifestException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns whatever a command throws into the one message a user reads and devd's exit code: config problems (2), usage
 * mistakes (2), a cluster that cannot be used or refuses a change (1), anything else is a bug in devd (3) whose
 * details go to the log file.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    if (e instanceof ConfigException config) {
      System.err.println(config.report());
      return ExitCodes.USAGE;
    }
    if (e instanceof ManifestException manifests) {
      manifests.problems().forEach(System.err::println);
      System.err.println("the Kubernetes YAML has " + Counting.of(manifests.problems().size(), "problem", "problems")
          + "; nothing was started.");
      return ExitCodes.USAGE;
    }
    if (e instanceof DeployException deploy) {
      ResourceLog.devd().debug("deploy problem", deploy);
      System.err.println(deploy.getMessage());
      return ExitCodes.FAILURE;
    }
    if (e instanceof UsageException usage) {
      System.err.println(usage.getMessage());
      return ExitCodes.USAGE;
    }
    ResourceLog.devd().debug("internal error", e);
    System.err.println("internal error: " + e + " (details in " + LogFile.shownPath() + ")");
    if (parseResult.hasMatchedOption("--verbose")) e.printStackTrace();
    return ExitCodes.INTERNAL;
  }
}
