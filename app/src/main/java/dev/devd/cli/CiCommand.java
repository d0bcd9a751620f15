package dev.devd.cli;

import dev.devd.config.DurationParser;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.CiRun;
import dev.devd.engine.ProjectModel;
import dev.devd.engine.SessionParts;
import dev.devd.exec.RunTracker;
import dev.devd.status.StatusBoard;
import dev.devd.wiring.SessionWiring;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code devd ci}: build and deploy everything once, wait until every workload is healthy, and say
 * so.
 */
@Command(
    name = "ci",
    description = "Build and deploy everything once, then wait until all workloads are healthy.")
public final class CiCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30m",
      description = "give up after this long, builds included (default: ${DEFAULT-VALUE})")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Duration limit;
    try {
      limit = DurationParser.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeout: " + e.getMessage() + "; write e.g. --timeout 10m");
    }
    ProjectConfig config = project.load();
    ProjectModel model = ProjectModel.load(config);
    RunTracker.start(config.stateDir());
    ResourceLog log = ResourceLog.devd();
    SessionParts parts =
        SessionWiring.parts(
            model,
            cluster.wiring(SessionParts.Options.defaults()),
            new StatusBoard(Clock.systemUTC()));
    try {
      parts.runtime().ifPresent(runtime -> log.info("deploying to {}", runtime.description()));
      CiRun.Outcome outcome = new CiRun(model, parts).run(limit);
      if (outcome.success()) {
        log.info("SUCCESS. All workloads are healthy.");
        return ExitCodes.OK;
      }
      log.error("ERROR: {}", outcome.problem().orElseThrow());
      return ExitCodes.FAILURE;
    } finally {
      // Its client and watches end; what was applied stays in the cluster.
      parts.runtime().ifPresent(runtime -> runtime.close());
    }
  }
}
