package dev.devd.cli;

import dev.devd.config.KeySuggester;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.DevSession;
import dev.devd.engine.ProjectModel;
import dev.devd.engine.SessionParts;
import dev.devd.exec.RunTracker;
import dev.devd.status.BoardAppender;
import dev.devd.status.StatusBoard;
import dev.devd.status.StatusServer;
import dev.devd.wiring.SessionWiring;
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

/**
 * {@code devd up [RESOURCE...]}: build and deploy everything once, then keep it up to date on every
 * save until Ctrl-C.
 */
@Command(
    name = "up",
    description = "Build and run everything, then update it on every change until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Mixin ClusterOptions cluster;

  @Mixin ServiceOptions service;

  @Option(
      names = "--no-cache",
      description = "build every image, even when the same inputs were built before")
  boolean noCache;

  @Parameters(
      arity = "0..*",
      paramLabel = "RESOURCE",
      description = "only these resources (default: all)")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    ProjectModel model = ProjectModel.load(config);
    Set<String> known = model.targetNames();
    for (String name : only) {
      if (!known.contains(name))
        throw new UsageException(KeySuggester.unknown("resource", name, known));
    }
    Optional<Integer> handedOff = service.handOff(config);
    if (handedOff.isPresent()) return handedOff.get();
    RunTracker.start(config.stateDir());
    StopSignal stop = StopSignal.install();
    ResourceLog log = ResourceLog.devd();
    StatusBoard board = new StatusBoard(Clock.systemUTC());
    AtomicReference<DevSession> session = new AtomicReference<>();
    try (BoardAppender appender = BoardAppender.attach(board);
        StatusServer server =
            service.startServer(
                board,
                name -> session.get() != null && session.get().trigger(name),
                (name, enabled) -> session.get() != null && session.get().enable(name, enabled));
        LiveSession live = service.announce(server, config)) {
      SessionParts parts =
          SessionWiring.parts(
              model,
              cluster.wiring(
                  SessionParts.Options.defaults().only(Set.copyOf(only)).useCache(!noCache)),
              board);
      parts.runtime().ifPresent(runtime -> log.info("deploying to {}", runtime.description()));
      session.set(DevSession.start(model, parts));
      System.out.println(
          "status page: "
              + server.openUrl()
              + "  (it signs your browser in; scripts find the token in .devd/session.json)");
      log.info(
          "devd is watching {} for {}; {}",
          Counting.of(session.get().watchedFolders(), "folder", "folders"),
          Counting.summary(model),
          service.stopHint());
      live.watching();
      session
          .get()
          .firstUpdates()
          .thenAccept(first -> log.info("{}; page {}", FirstUpdateSummary.of(first), server.url()));
      stop.await();
      log.info("stopping: ending running commands");
      session.get().close();
      log.info("stopped");
      return ExitCodes.OK;
    }
  }
}
