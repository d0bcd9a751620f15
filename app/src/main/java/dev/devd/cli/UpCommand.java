package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.DevSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code devd up [RESOURCE...]}: build everything once, then keep it up to date on every save until Ctrl-C. */
@Command(name = "up", description = "Build and run everything, then rebuild on every change until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Parameters(arity = "0..*", paramLabel = "RESOURCE", description = "only these images or resources (default: all)")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    Set<String> known = new LinkedHashSet<>();
    config.images().forEach(image -> known.add(image.ref()));
    config.localResources().forEach(local -> known.add(local.name()));
    for (String name : only) {
      if (!known.contains(name)) throw new UsageException(Suggestions.unknown("resource", name, known));
    }
    StopSignal stop = StopSignal.install();
    ResourceLog log = ResourceLog.devd();
    DevSession.Options options = DevSession.Options.defaults();
    DevSession session = DevSession.start(config, new DevSession.Options(Set.copyOf(only), options.gracePeriod(),
        options.windows(), options.clock()));
    log.info("devd is watching {} for {}; Ctrl-C stops it", Counting.of(session.watchedFolders(), "folder", "folders"),
        Counting.summary(config));
    stop.await();
    log.info("stopping: ending running commands");
    session.close();
    log.info("stopped");
    return ExitCodes.OK;
  }
}
