package dev.devd.k8s;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.runtime.TearDown;
import java.util.Optional;

/**
 * {@code devd down} on Kubernetes: deletes what devd recorded applying to the context for this
 * project.
 */
public final class KubeTearDown implements TearDown {
  private final ProjectConfig config;
  private final Optional<String> context;

  /**
   * @param context the kubeconfig context; empty for the current one
   */
  public KubeTearDown(ProjectConfig config, Optional<String> context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public void down(boolean deleteNamespaces, Optional<String> onlyNamespace, ResourceLog log)
      throws ClusterException {
    try (KubeTarget target = KubeTarget.load(context, onlyNamespace)) {
      ClusterSafety.check(target, config.allowK8sContexts());
      AppliedState state = AppliedState.load(config.stateDir(), target.context());
      if (state.all().isEmpty()) {
        log.info(
            "nothing to delete: devd has not applied anything to context \"{}\" from this project",
            target.context());
        return;
      }
      Downer.Result result = new Downer(target, state).down(deleteNamespaces, onlyNamespace);
      log.info(
          "deleted {} from context \"{}\"{}",
          count(result.deleted().size()),
          target.context(),
          result.kept().isEmpty() ? "" : "; kept " + count(result.kept().size()));
    }
  }

  private static String count(int objects) {
    return objects == 1 ? "1 object" : objects + " objects";
  }
}
