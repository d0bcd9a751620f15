package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.config.Runtime;
import dev.devd.podman.PodmanDowner;
import dev.devd.console.ResourceLog;
import dev.devd.k8s.AppliedState;
import dev.devd.k8s.ClusterException;
import dev.devd.k8s.ClusterSafety;
import dev.devd.k8s.Downer;
import dev.devd.k8s.KubeTarget;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code devd down}: deletes from the cluster everything devd applied for this project. */
@Command(name = "down", description = "Delete from the cluster everything devd applied for this project.")
public final class DownCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: the current one)")
  String context;

  @Option(names = "--namespace", paramLabel = "NAME",
      description = "only delete what devd applied in this namespace (default: everything devd applied in the context)")
  String namespace;

  @Option(names = "--delete-namespaces", description = "also delete the namespaces devd applied (default: keep them)")
  boolean deleteNamespaces;

  @Override
  public Integer call() throws Exception {
    ProjectConfig config = project.load();
    ResourceLog log = ResourceLog.devd();
    if (usesPodman(config)) {
      List<String> removed = PodmanDowner.down(config, log);
      log.info(removed.isEmpty() ? "nothing to delete: devd has not run anything of this project with podman"
          : "removed " + Counting.of(removed.size(), "resource", "resources") + " from podman");
      return ExitCodes.OK;
    }
    try (KubeTarget target = KubeTarget.load(Optional.ofNullable(context), Optional.ofNullable(namespace))) {
      ClusterSafety.check(target, config.allowK8sContexts());
      AppliedState state = AppliedState.load(config.stateDir(), target.context());
      if (state.all().isEmpty()) {
        log.info("nothing to delete: devd has not applied anything to context \"{}\" from this project", target.context());
        return ExitCodes.OK;
      }
      Downer.Result result = new Downer(target, state).down(deleteNamespaces, Optional.ofNullable(namespace));
      log.info("deleted {} from context \"{}\"{}", Counting.of(result.deleted().size(), "object", "objects"),
          target.context(), result.kept().isEmpty() ? "" : "; kept " + Counting.of(result.kept().size(), "object", "objects"));
      return ExitCodes.OK;
    }
  }

  private boolean usesPodman(ProjectConfig config) {
    if (config.runtime() == Runtime.PODMAN) return true;
    if (config.runtime() == Runtime.KUBERNETES || context != null) return false;
    try {
      KubeTarget.load(Optional.empty(), Optional.empty()).close();
      return false;
    } catch (ClusterException noCluster) {
      return true;
    }
  }
}
