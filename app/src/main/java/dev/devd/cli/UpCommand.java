package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.DevSession;
import dev.devd.engine.SessionParts;
import dev.devd.wiring.SessionWiring;
import dev.devd.engine.ProjectModel;
import dev.devd.status.BoardAppender;
import dev.devd.status.SessionFile;
import dev.devd.status.StatusBoard;
import dev.devd.status.StatusServer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code devd up [RESOURCE...]}: build and deploy everything once, then keep it up to date on every save until Ctrl-C. */
@Command(name = "up", description = "Build and run everything, then update it on every change until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + StatusServer.DEFAULT_PORT,
      description = "the port of the status page on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--no-cache", description = "build every image, even when the same inputs were built before")
  boolean noCache;

  @Parameters(arity = "0..*", paramLabel = "RESOURCE", description = "only these resources (default: all)")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    ProjectModel model = ProjectModel.load(config);
    Set<String> known = model.targetNames();
    for (String name : only) {
      if (!known.contains(name)) throw new UsageException(Suggestions.unknown("resource", name, known));
    }
    Optional<SessionFile> other = SessionFile.readFrom(config.stateDir());
    if (other.isPresent() && other.get().running() && other.get().pid() != ProcessHandle.current().pid()) {
      throw new UsageException("devd up is already running for this project (pid " + other.get().pid() + ", "
          + other.get().url() + "); stop it first, or use devd status, devd trigger and devd logs with it");
    }
    StopSignal stop = StopSignal.install();
    ResourceLog log = ResourceLog.devd();
    StatusBoard board = new StatusBoard(Clock.systemUTC());
    AtomicReference<DevSession> session = new AtomicReference<>();
    try (BoardAppender appender = BoardAppender.attach(board);
        StatusServer server = startServer(board, session)) {
      SessionParts parts = SessionWiring.parts(model, cluster.wiring(SessionParts.Options.defaults().only(Set.copyOf(only)).useCache(!noCache)), board);
      parts.runtime().ifPresent(runtime -> log.info("deploying to {}", runtime.description()));
      SessionFile sessionFile = SessionFile.of(server);
      sessionFile.writeTo(config.stateDir());
      session.set(DevSession.start(model, parts));
      System.out.println("status page: " + server.openUrl() + "  (it signs your browser in; scripts find the token in .devd/session.json)");
      log.info("devd is watching {} for {}; Ctrl-C stops it",
          Counting.of(session.get().watchedFolders(), "folder", "folders"), Counting.summary(model));
      session.get().firstUpdates().thenAccept(first -> log.info("{}; page {}", FirstUpdateSummary.of(first), server.url()));
      stop.await();
      log.info("stopping: ending running commands");
      session.get().close();
      sessionFile.deleteFrom(config.stateDir());
      log.info("stopped");
      return ExitCodes.OK;
    }
  }

  private StatusServer startServer(StatusBoard board, AtomicReference<DevSession> session) throws UsageException {
    try {
      return StatusServer.start(board, name -> session.get() != null && session.get().trigger(name),
          (name, enabled) -> session.get() != null && session.get().enable(name, enabled), port);
    } catch (IOException e) {
      throw new UsageException(e.getMessage() + "; pass --port with a free port, or --port 0 for any");
    }
  }
}
