package dev.devd.k8s;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageStore;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import dev.devd.render.RenderedManifests;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.Deploys;
import dev.devd.runtime.HealthCheck;
import dev.devd.runtime.ImageCommands;
import dev.devd.runtime.ImageDelivery;
import dev.devd.runtime.StoreImageCommands;
import java.util.List;
import java.util.Optional;

/**
 * Resources on a Kubernetes cluster (SPEC §5, §7), as the roles the engine uses: applied with
 * fabric8, their pods observed, their containers reached by exec, their health awaited for {@code
 * devd ci}.
 */
public final class KubeRuntime {
  private KubeRuntime() {}

  /**
   * Loads the kubeconfig and refuses, before any build, a context that is neither local nor
   * allowed.
   *
   * @param store the local image store of devd's builds, which knows what the images it built run
   */
  public static DeployTarget connect(
      ProjectConfig config, Optional<String> context, Optional<String> namespace, ImageStore store)
      throws ClusterException {
    KubeTarget target = KubeTarget.load(context, namespace);
    ClusterSafety.check(target, config.allowK8sContexts());
    Applier applier = new Applier(target, AppliedState.load(config.stateDir(), target.context()));
    ResourceObservers observers = new ResourceObservers(target, config);
    HealthCheck health =
        (applied, timeout) -> {
          try {
            ReadinessResult result = new ReadinessWaiter(target.client()).await(applied, timeout);
            return result.isHealthy() ? Optional.empty() : Optional.of(result.message());
          } catch (ClusterException e) {
            return Optional.of(e.getMessage());
          }
        };
    String description =
        "Kubernetes context \"" + target.context() + "\", namespace \"" + target.namespace() + "\"";
    // Images devd built are in the local store of this machine (unless skipsLocalDocker), which
    // knows what they run.
    ImageCommands commands = new StoreImageCommands(store);
    return new DeployTarget(
        "kubernetes",
        description,
        false,
        new Delivery(target),
        new Deployment(applier),
        observers,
        new PodContainers(target),
        health,
        commands,
        () -> {
          observers.close();
          target.close();
        });
  }

  /**
   * Applying is the Applier's; removing a resource applies it with no objects, so that pruning
   * deletes them all.
   */
  private record Deployment(Applier applier) implements Deploys {
    @Override
    public AppliedResources apply(RenderedManifests rendered, ResourceLog log)
        throws ClusterException {
      return applier.apply(rendered);
    }

    @Override
    public void remove(String resource, ResourceLog log) throws ClusterException {
      applier.apply(new RenderedManifests(resource, List.of()));
    }
  }

  /**
   * The cluster's own registry, read once, and whether images must be pushed to reach the cluster.
   */
  private static final class Delivery implements ImageDelivery {
    private final KubeTarget target;
    private Optional<String> registry;

    Delivery(KubeTarget target) {
      this.target = target;
    }

    @Override
    public synchronized Optional<String> clusterRegistry() {
      if (registry == null) {
        try {
          registry = new ClusterRegistry(target).discover().map(LocalRegistry::host);
        } catch (ClusterException e) {
          ResourceLog.devd()
              .warn(
                  "warning: cannot read the cluster's local registry announcement: {}",
                  e.getMessage());
          registry = Optional.empty();
        }
      }
      return registry;
    }

    @Override
    public PushPolicy pushPolicy(RegistryTarget registryTarget) {
      if (registryTarget.host().isPresent())
        return PushPolicy.push("the cluster pulls from " + registryTarget.host().get());
      return PushPolicy.skip(
          "no registry is set, so \""
              + target.context()
              + "\" must run images from the local store;"
              + " set defaultRegistry in devd.yaml if it cannot");
    }
  }
}
