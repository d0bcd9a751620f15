package dev.devd.cli;

import dev.devd.config.DurationFormatter;
import dev.devd.status.SessionFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devd stop}: stops the devd running for this project as Ctrl-C in its terminal would
 * (SIGTERM: it ends its commands and exits 0), and waits until it is gone.
 */
@Command(
    name = "stop",
    description =
        "Stop the devd running for this project, as Ctrl-C in its terminal would,"
            + " and wait until it is gone.")
public final class StopCommand implements Callable<Integer> {
  // devd gives its commands 3 s between TERM and KILL, then closes its deployer; 30 s only guards
  // against a devd that
  // hangs, and then says how to end it at once.
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  @Mixin ProjectOptions project;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, CommandFailedException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path root = project.configFile().getParent();
    Optional<SessionFile> session =
        SessionFile.readFrom(root.resolve(StateFolder.NAME)).filter(SessionFile::running);
    Optional<ProcessHandle> devd = session.flatMap(s -> ProcessHandle.of(s.pid()));
    if (devd.isEmpty()) {
      out.println("devd is not running for " + root + "; nothing to stop");
      out.flush();
      return ExitCodes.OK;
    }
    long pid = devd.get().pid();
    out.println("stopping devd (pid " + pid + ") of " + root + ": it ends its commands");
    out.flush();
    devd.get().destroy(); // SIGTERM, which devd takes as Ctrl-C
    try {
      devd.get().onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CommandFailedException(
          "devd (pid "
              + pid
              + ") did not stop within "
              + DurationFormatter.format(STOP_WAIT)
              + "; `kill -KILL "
              + pid
              + "` ends it at once, but leaves the commands it started running");
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for pid " + pid + " failed", e.getCause());
    }
    out.println("stopped");
    out.flush();
    return ExitCodes.OK;
  }
}
