package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageStoreException;
import dev.devd.render.ManifestException;
import dev.devd.runtime.DeployException;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns whatever a command throws into the one message a user reads and devd's exit code, the one
 * place that maps them: config and usage mistakes (2), an outside problem such as a cluster that
 * cannot be used, a running devd that does not answer or a file that cannot be read (1), anything
 * else is a bug in devd (3) whose details go to the log file. Commands throw; none of them picks an
 * exit code for an error itself.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    int exitCode = report(e, err, parseResult);
    err.flush();
    return exitCode;
  }

  private static int report(Exception e, PrintWriter err, ParseResult parseResult) {
    if (e instanceof ConfigException config) {
      err.println(config.report());
      return ExitCodes.USAGE;
    }
    if (e instanceof ManifestException manifests) {
      manifests.problems().forEach(err::println);
      err.println(
          "the Kubernetes YAML has "
              + Counting.of(manifests.problems().size(), "problem", "problems")
              + "; nothing was started.");
      return ExitCodes.USAGE;
    }
    // A 404 of a running devd: the user named a resource it does not have.
    if (e instanceof UsageException
        || e instanceof StatusClient.RefusedException refused && refused.status() == 404) {
      err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof DeployException
        || e instanceof ImageStoreException
        || e instanceof CommandFailedException
        || e instanceof IOException) {
      ResourceLog.devd().debug("command failed", e);
      err.println(e.getMessage());
      return ExitCodes.FAILURE;
    }
    ResourceLog.devd().debug("internal error", e);
    err.println("internal error: " + e + " (details in " + LogFile.shownPath() + ")");
    if (verbose(parseResult)) e.printStackTrace(err);
    return ExitCodes.INTERNAL;
  }

  // --verbose is inherited: given after the command, it is that command's.
  static boolean verbose(ParseResult parseResult) {
    return parseResult.hasMatchedOption("--verbose")
        || parseResult.subcommands().stream().anyMatch(ErrorReporter::verbose);
  }
}
