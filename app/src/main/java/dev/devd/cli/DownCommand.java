package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.engine.SessionParts;
import dev.devd.wiring.SessionWiring;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code devd down}: deletes from the cluster everything devd applied for this project. */
@Command(
    name = "down",
    description = "Delete from the cluster everything devd applied for this project.")
public final class DownCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "the kubeconfig context (default: the current one)")
  String context;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description =
          "only delete what devd applied in this namespace (default: everything devd applied in the context)")
  String namespace;

  @Option(
      names = "--delete-namespaces",
      description = "also delete the namespaces devd applied (default: keep them)")
  boolean deleteNamespaces;

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    SessionWiring.Options options =
        new SessionWiring.Options(
            Optional.ofNullable(context),
            Optional.ofNullable(namespace),
            SessionParts.Options.defaults());
    SessionWiring.tearDown(config, options)
        .down(deleteNamespaces, Optional.ofNullable(namespace), ResourceLog.devd());
    return ExitCodes.OK;
  }
}
