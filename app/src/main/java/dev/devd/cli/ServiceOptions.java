package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.status.ResourceSwitch;
import dev.devd.status.ResourceTrigger;
import dev.devd.status.SessionFile;
import dev.devd.status.SessionRegistry;
import dev.devd.status.StatusBoard;
import dev.devd.status.StatusClient;
import dev.devd.status.StatusServer;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * devd up as a service: its {@code --detach} and {@code --port} options, and the steps around a run
 * that make it one: handing off to a devd that already runs for the project or to one in the
 * background, serving the page on a free port, and making the run findable while it lasts ({@link
 * LiveSession}).
 */
public final class ServiceOptions {
  @Option(
      names = {"-d", "--detach"},
      description = "run in the background, detached from this terminal; returns once devd watches")
  boolean detach;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "the status page's port on 127.0.0.1; 0: any free port"
              + " (default: $"
              + PagePort.VARIABLE
              + ", else "
              + StatusServer.DEFAULT_PORT
              + " or the next free one)")
  Integer port;

  // Set on the devd up that --detach starts in the background (Detacher): it runs, it does not
  // detach again.
  @Option(names = Detacher.CHILD_OPTION, hidden = true)
  boolean detachedChild;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * Hands this run off when it should not run devd itself: to the devd that already runs for the
   * project (attaching to it, or with {@code --detach} only naming it), or to a new one in the
   * background ({@code --detach}). Returns the exit code when it did, empty when this process is to
   * run devd.
   */
  Optional<Integer> handOff(ProjectConfig config) throws Exception {
    PagePort.of(
        port,
        System.getenv()); // a bad --port or DEVD_PORT is reported here, not by the background devd
    Optional<SessionFile> running =
        SessionFile.readFrom(config.stateDir())
            .filter(session -> session.running() && session.pid() != ProcessHandle.current().pid());
    if (running.isPresent()) {
      SessionFile other = running.get();
      if (detachedChild)
        throw new UsageException(
            "devd is already running for this project (pid "
                + other.pid()
                + ", "
                + other.url()
                + ")");
      ResourceLog log = ResourceLog.devd();
      log.info(
          "devd is already running for this project (pid {}) with its page at {}",
          other.pid(),
          other.url());
      if (detach) {
        log.info("devd attach follows it, devd stop stops it");
        return Optional.of(ExitCodes.OK);
      }
      log.info("attaching to it: Ctrl-C detaches (devd keeps running), devd stop stops it");
      return Optional.of(Attacher.attach(StatusClient.of(config.root(), other)));
    }
    if (detachedChild) {
      // Without setsid (macOS) the background devd stays in the terminal's session: closing it must
      // not end devd.
      Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);
      return Optional.empty();
    }
    if (detach)
      return Optional.of(
          Detacher.detach(
              config.stateDir(), command.root().commandLine().getParseResult().originalArgs()));
    return Optional.empty();
  }

  /**
   * Serves the status page on the port chosen by {@code --port}, {@code DEVD_PORT} or the first
   * free default.
   */
  StatusServer startServer(
      StatusBoard board, ResourceTrigger trigger, ResourceSwitch resourceSwitch)
      throws UsageException {
    return PagePort.of(port, System.getenv()).start(board, trigger, resourceSwitch);
  }

  /** Makes this run findable by the other commands until the result is closed. */
  LiveSession announce(StatusServer server, ProjectConfig config) throws IOException {
    return LiveSession.announce(
        server, config.root(), config.stateDir(), SessionRegistry.ofThisUser());
  }

  /** How the user stops this run, for devd up's "watching" line. */
  String stopHint() {
    return detachedChild ? "devd stop stops it" : "Ctrl-C stops it";
  }
}
