package dev.devd.cli;

import dev.devd.status.LogLine;
import dev.devd.status.NotRunningException;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd logs [RESOURCE] [-f]}: the recent console lines of the running devd up, of one resource or all, each
 * prefixed {@code [name]} as on its terminal; {@code -f} keeps printing new ones until Ctrl-C.
 */
@Command(name = "logs", description = "Print the recent output of the running devd up (one resource's, or all);"
    + " -f keeps printing new lines until Ctrl-C.")
public final class LogsCommand implements Callable<Integer> {
  // Not the ProjectOptions mixin: here -f means --follow (as in tail and kubectl logs), so the file is --file only.
  @Option(names = "--file", paramLabel = "FILE", description = "the devd.yaml of the project (default: ./devd.yaml)")
  Path file;

  @Option(names = {"-f", "--follow"}, description = "keep printing new lines as they come, until Ctrl-C")
  boolean follow;

  @Parameters(arity = "0..1", paramLabel = "RESOURCE", description = "only this image or resource (default: all)")
  String resource;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path configFile = (file != null ? file : Path.of("devd.yaml")).toAbsolutePath().normalize();
    try {
      StatusClient client = StatusCommand.connect(configFile);
      if (!follow) {
        for (LogLine line : client.logs(Optional.ofNullable(resource), 0).lines()) out.println(line.prefixed());
        out.flush();
        return ExitCodes.OK;
      }
      return follow(client, out, err);
    } catch (StatusClient.RefusedException e) {
      err.println(e.getMessage());
      return e.status() == 404 ? ExitCodes.USAGE : ExitCodes.FAILURE;
    } catch (IOException e) {
      err.println(e.getMessage());
      return ExitCodes.FAILURE;
    }
  }

  private int follow(StatusClient client, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    StopSignal stop = StopSignal.install();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<IOException> failure = new AtomicReference<>();
    AtomicBoolean streamEnded = new AtomicBoolean();
    Thread.ofVirtual().name("devd-logs-follow").start(() -> {
      try {
        client.follow(Optional.ofNullable(resource), 0, line -> out.println(line.prefixed()));
      } catch (IOException e) {
        failure.set(e);
      } finally {
        streamEnded.set(true);
        done.countDown();
      }
    });
    Thread stopper = Thread.ofVirtual().name("devd-logs-stop").start(() -> {
      try {
        stop.await();
        done.countDown();
      } catch (InterruptedException e) {
        // The stream ended first.
      }
    });
    done.await();
    stopper.interrupt();
    out.flush();
    // Ctrl-C: the reader is still blocked on the stream; the JVM ends it on exit.
    if (!streamEnded.get()) return ExitCodes.OK;
    IOException e = failure.get();
    if (e instanceof StatusClient.RefusedException || e instanceof NotRunningException) throw e;
    err.println("devd up at " + client.url() + " stopped; no more lines");
    return ExitCodes.OK;
  }
}
