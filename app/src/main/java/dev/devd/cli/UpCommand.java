package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.DevSession;
import dev.devd.engine.Deployer;
import dev.devd.engine.ProjectModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code devd up [RESOURCE...]}: build and deploy everything once, then keep it up to date on every save until Ctrl-C. */
@Command(name = "up", description = "Build and run everything, then update it on every change until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Mixin
  ClusterOptions cluster;

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
    StopSignal stop = StopSignal.install();
    ResourceLog log = ResourceLog.devd();
    Optional<Deployer> deployer = cluster.chooser().choose(model);
    deployer.ifPresent(d -> log.info("deploying to {}", d.describe()));
    DevSession session = DevSession.start(model, DevSession.Options.defaults().only(Set.copyOf(only)), deployer);
    log.info("devd is watching {} for {}; Ctrl-C stops it", Counting.of(session.watchedFolders(), "folder", "folders"),
        Counting.summary(model));
    stop.await();
    log.info("stopping: ending running commands");
    session.close();
    log.info("stopped");
    return ExitCodes.OK;
  }
}
