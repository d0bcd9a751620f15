package dev.devd.cli;

import dev.devd.status.LogLine;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd logs [RESOURCE] [-f]}: the recent console lines of the running devd up, of one
 * resource or all, each prefixed {@code [name]} as on its terminal; {@code -f} keeps printing new
 * ones until Ctrl-C.
 */
@Command(
    name = "logs",
    description =
        "Print the recent output of the running devd up (one resource's, or all);"
            + " -f keeps printing new lines until Ctrl-C.")
public final class LogsCommand implements Callable<Integer> {
  // Not the ProjectOptions mixin: here -f means --follow (as in tail and kubectl logs), so the file
  // is --file only.
  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "the devd.yaml of the project (default: ./devd.yaml)")
  Path file;

  @Option(
      names = {"-f", "--follow"},
      description = "keep printing new lines as they come, until Ctrl-C")
  boolean follow;

  @Parameters(
      arity = "0..1",
      paramLabel = "RESOURCE",
      description = "only this image or resource (default: all)")
  String resource;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path configFile = (file != null ? file : Path.of("devd.yaml")).toAbsolutePath().normalize();
    StatusClient client = StatusCommand.connect(configFile);
    if (!follow) {
      for (LogLine line : client.logs(Optional.ofNullable(resource), 0).lines())
        out.println(line.prefixed());
      out.flush();
      return ExitCodes.OK;
    }
    LogFollower.Ending ending =
        LogFollower.follow(
            client, Optional.ofNullable(resource), line -> out.println(line.prefixed()));
    out.flush();
    if (ending == LogFollower.Ending.DEVD_STOPPED)
      spec.commandLine().getErr().println("devd up at " + client.url() + " stopped; no more lines");
    return ExitCodes.OK;
  }
}
