package dev.devd.engine;

import dev.devd.config.Cmd;
import dev.devd.config.DurationFormatter;
import dev.devd.config.LocalResourceConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import dev.devd.exec.RunningProcess;
import dev.devd.status.PassKind;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pass of a local resource: run its {@code cmd} on the host, and after each success (re)start
 * its long-running {@code serveCmd}.
 */
final class LocalResourcePass implements UpdatePass {
  private final LocalResourceConfig resource;
  private final ProcessRunner runner;
  private final boolean windows;
  private final ResourceLog log;
  private RunningProcess serving;

  LocalResourcePass(
      LocalResourceConfig resource, ProcessRunner runner, boolean windows, ResourceLog log) {
    this.resource = resource;
    this.runner = runner;
    this.windows = windows;
    this.log = log;
  }

  @Override
  public PassResult run(PassReason reason, Consumer<PassKind> starts) {
    starts.accept(PassKind.COMMAND);
    if (resource.cmd().isPresent()) {
      Optional<String> error = runCmd(resource.cmd().get());
      if (error.isPresent()) return PassResult.failure(PassKind.COMMAND, error.get());
    }
    resource.serveCmd().ifPresent(this::restartServe);
    return PassResult.success(PassKind.COMMAND);
  }

  // The error a user read, or empty when the command succeeded.
  private Optional<String> runCmd(Cmd cmd) {
    log.info("Running cmd: {}", cmd.display());
    try {
      ProcessResult result = runner.run(spec(cmd, resource.timeout()), OutputSink.printing(log));
      String took = DurationFormatter.format(result.duration());
      switch (result.outcome()) {
        case EXITED -> {
          if (result.exitCode() == 0) return Optional.empty();
          return failed(
              "`"
                  + cmd.display()
                  + "` exited with "
                  + result.exitCode()
                  + " after "
                  + took
                  + " (its output is above)");
        }
        case TIMED_OUT -> {
          return failed(
              "`"
                  + cmd.display()
                  + "` ran longer than "
                  + DurationFormatter.format(resource.timeout().orElseThrow())
                  + " and was stopped; raise "
                  + resource.yamlPath()
                  + ".timeout or make it faster");
        }
        case STOPPED -> {
          log.info("`{}` stopped after {}", cmd.display(), took);
          return Optional.of("`" + cmd.display() + "` was stopped");
        }
      }
    } catch (ProcessStartException e) {
      return failed(e.getMessage() + "; fix " + resource.yamlPath() + ".cmd");
    }
    return Optional.empty();
  }

  private Optional<String> failed(String error) {
    log.error("{}", error);
    log.info("save a file to try again");
    return Optional.of(error);
  }

  private void restartServe(Cmd serveCmd) {
    stopServing();
    log.info("Serving: {}", serveCmd.display());
    try {
      RunningProcess started =
          runner.start(spec(serveCmd, Optional.empty()), OutputSink.printing(log));
      serving = started;
      started
          .onExit()
          .thenAccept(
              result -> {
                if (serving == started && result.outcome() == ProcessResult.Outcome.EXITED) {
                  log.warn(
                      "serve command `{}` exited with {}; it restarts after the next successful update",
                      serveCmd.display(),
                      result.exitCode());
                }
              });
    } catch (ProcessStartException e) {
      log.error("{}; fix {}.serveCmd", e.getMessage(), resource.yamlPath());
    }
  }

  private ProcessSpec spec(Cmd cmd, Optional<Duration> timeout) {
    return new ProcessSpec(cmd.toArgv(windows), resource.dir(), resource.env(), timeout);
  }

  private void stopServing() {
    RunningProcess previous = serving;
    serving = null;
    // Also when it exited: what it left running in the background goes with it.
    if (previous != null) previous.stop();
  }

  @Override
  public void close() {
    stopServing();
  }
}
