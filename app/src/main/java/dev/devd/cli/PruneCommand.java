package dev.devd.cli;

import dev.devd.buildcache.BuildRecords;
import dev.devd.buildcache.PruneReport;
import dev.devd.buildcache.TagPruner;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageRef;
import dev.devd.wiring.LocalImageStores;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd prune [IMAGE...]}: removes from the local image store the tags devd made for this
 * project that it no longer needs, as {@code devd up} does after each build: content tags beyond
 * {@code keep}, and temporary {@code devd-build-*} tags a stopped devd left behind. Says what it
 * removed.
 */
@Command(
    name = "prune",
    description =
        "Remove old image tags devd made for this project from the local store: content"
            + " tags beyond keep (default 5) that no container uses, and leftover devd-build-* tags.")
public final class PruneCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      arity = "0..*",
      paramLabel = "IMAGE",
      description = "only these images (default: all)")
  List<String> only = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TagPruner pruner =
        new TagPruner(
            LocalImageStores.detect(new ProcessRunner()), BuildRecords.in(config.stateDir()));
    int removed = 0;
    boolean failed = false;
    for (ImageConfig image : ImageArguments.chosen(config, only)) {
      // A running devd up deploys its images' most recently used tags, which keep spares;
      // containers are asked.
      PruneReport report = pruner.prune(image.ref(), config.keep(image), Set.of());
      for (ImageRef ref : report.removed()) out.println("removed " + ref);
      for (String problem : report.problems()) err.println(image.ref() + ": " + problem);
      removed += report.removed().size();
      failed |= !report.problems().isEmpty();
    }
    out.println(
        removed == 0 ? "nothing to remove" : "removed " + Counting.of(removed, "tag", "tags"));
    out.flush();
    err.flush();
    return failed ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
