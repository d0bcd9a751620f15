package dev.devd.wiring;

import dev.devd.engine.ProjectModel;
import dev.devd.k8s.K8sDeployer;
import dev.devd.podman.PodmanDeployer;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.Deployer;
import dev.devd.config.ProjectConfig;
import dev.devd.k8s.ClusterException;
import dev.devd.k8s.KubeTarget;
import dev.devd.status.StatusBoard;
import java.util.Optional;

/**
 * Picks where a project's resources run (SPEC §7): the config's {@code runtime}, and for {@code auto} Kubernetes when
 * a usable kubeconfig context exists, else podman when it is installed, else a message that says what is missing.
 */
public final class RuntimeChooser {
  private final Optional<String> context;
  private final Optional<String> namespace;

  /** The {@code --context} and {@code --namespace} flags. */
  public RuntimeChooser(Optional<String> context, Optional<String> namespace) {
    this.context = context;
    this.namespace = namespace;
  }

  /** The deployer of a project, or empty when it deploys nothing; checks cluster safety before anything is built. */
  public Optional<Deployer> choose(ProjectModel model, StatusBoard board) throws ClusterException, DeployException {
    if (!model.deploys()) return Optional.empty();
    ProjectConfig config = model.config();
    return Optional.of(switch (config.runtime()) {
      case KUBERNETES -> K8sDeployer.connect(config, context, namespace, board);
      case PODMAN -> PodmanDeployer.start(config, board);
      case AUTO -> auto(config, board);
    });
  }

  private Deployer auto(ProjectConfig config, StatusBoard board) throws ClusterException, DeployException {
    try {
      KubeTarget.load(context, namespace).close();
    } catch (ClusterException noCluster) {
      if (context.isEmpty() && PodmanDeployer.installed()) return PodmanDeployer.start(config, board);
      throw new DeployException("devd.yaml says runtime: auto, and neither runtime is usable here: Kubernetes: "
          + noCluster.getMessage() + "; podman: " + (context.isPresent() ? "not used with --context" : "not installed")
          + ". Set up a cluster context (kind, minikube, k3d, …), or install podman, or set runtime: in devd.yaml");
    }
    // A context exists, so this is a Kubernetes project; its safety check must not fall through to podman.
    return K8sDeployer.connect(config, context, namespace, board);
  }
}
