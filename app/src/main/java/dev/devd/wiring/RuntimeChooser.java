package dev.devd.wiring;

import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.k8s.ClusterException;
import dev.devd.k8s.KubeRuntime;
import dev.devd.k8s.KubeTarget;
import dev.devd.k8s.KubeTearDown;
import dev.devd.podman.PodmanDowner;
import dev.devd.podman.PodmanRuntime;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.TearDown;
import java.util.Optional;

/**
 * Picks where a project's resources run (SPEC §7): the config's {@code runtime}, and for {@code
 * auto} Kubernetes when a usable kubeconfig context exists, else podman.
 */
final class RuntimeChooser {
  private final Optional<String> context;
  private final Optional<String> namespace;

  /** The {@code --context} and {@code --namespace} flags. */
  RuntimeChooser(Optional<String> context, Optional<String> namespace) {
    this.context = context;
    this.namespace = namespace;
  }

  /** The runtime of a project that deploys; checks cluster safety before anything is built. */
  DeployTarget connect(ProjectConfig config) throws DeployException {
    return switch (config.runtime()) {
      case KUBERNETES ->
          KubeRuntime.connect(
              config, context, namespace, LocalImageStores.detect(new ProcessRunner()));
      case PODMAN -> PodmanRuntime.start(config);
      case AUTO -> auto(config);
    };
  }

  /** What removes the project's resources from where they run ({@code devd down}). */
  TearDown tearDown(ProjectConfig config) {
    boolean kubernetes =
        switch (config.runtime()) {
          case KUBERNETES -> true;
          case PODMAN -> false;
          case AUTO -> context.isPresent() || missingCluster().isEmpty();
        };
    return kubernetes ? new KubeTearDown(config, context) : new PodmanDowner(config);
  }

  private DeployTarget auto(ProjectConfig config) throws DeployException {
    Optional<String> noCluster = missingCluster();
    // A context exists, so this is a Kubernetes project; its safety check must not fall through to
    // podman.
    if (noCluster.isEmpty())
      return KubeRuntime.connect(
          config, context, namespace, LocalImageStores.detect(new ProcessRunner()));
    if (context.isEmpty() && PodmanRuntime.installed()) return PodmanRuntime.start(config);
    throw new DeployException(
        "devd.yaml says runtime: auto, and neither runtime is usable here: Kubernetes: "
            + noCluster.get()
            + "; podman: "
            + (context.isPresent() ? "not used with --context" : "not installed")
            + ". Set up a cluster context (kind, minikube, k3d, …), or install podman, or set runtime: in devd.yaml");
  }

  // Why no kubeconfig context can be used, or empty when one can.
  private Optional<String> missingCluster() {
    try {
      KubeTarget.load(context, namespace).close();
      return Optional.empty();
    } catch (ClusterException e) {
      return Optional.of(e.getMessage());
    }
  }
}
