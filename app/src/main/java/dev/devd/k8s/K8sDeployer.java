package dev.devd.k8s;

import dev.devd.runtime.DeployException;
import dev.devd.runtime.Deployer;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import dev.devd.runtime.AppliedResources;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.render.K8sResource;
import dev.devd.render.RenderedManifests;
import dev.devd.status.StatusBoard;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs resources on a Kubernetes cluster: applies them with fabric8 and observes their pods (SPEC §5, §7). */
public final class K8sDeployer implements Deployer {
  private final KubeTarget target;
  private final Applier applier;
  private final ResourceObservers observers;
  private Optional<LocalRegistry> registry;
  private ContainerTransport transport;

  private K8sDeployer(KubeTarget target, Applier applier, ProjectConfig config, StatusBoard board) {
    this.target = target;
    this.applier = applier;
    this.observers = new ResourceObservers(target, config, board);
  }

  /** Loads the kubeconfig and refuses, before any build, a context that is neither local nor allowed. */
  public static K8sDeployer connect(ProjectConfig config, Optional<String> context, Optional<String> namespace, StatusBoard board)
      throws ClusterException {
    KubeTarget target = KubeTarget.load(context, namespace);
    ClusterSafety.check(target, config.allowK8sContexts());
    return new K8sDeployer(target, new Applier(target, AppliedState.load(config.stateDir(), target.context())), config, board);
  }

  KubeTarget target() {
    return target;
  }

  @Override
  public String describe() {
    return "Kubernetes context \"" + target.context() + "\", namespace \"" + target.namespace() + "\"";
  }

  @Override
  public String kind() {
    return "kubernetes";
  }

  @Override
  public synchronized Optional<String> clusterRegistry() {
    if (registry == null) {
      try {
        registry = new ClusterRegistry(target).discover();
      } catch (ClusterException e) {
        ResourceLog.devd().warn("warning: cannot read the cluster's local registry announcement: {}", e.getMessage());
        registry = Optional.empty();
      }
    }
    return registry.map(LocalRegistry::host);
  }

  @Override
  public PushPolicy pushPolicy(RegistryTarget registryTarget) {
    if (registryTarget.host().isPresent()) return PushPolicy.push("the cluster pulls from " + registryTarget.host().get());
    return PushPolicy.skip("no registry is set, so \"" + target.context() + "\" must run images from the local store;"
        + " set defaultRegistry in devd.yaml if it cannot");
  }

  @Override
  public AppliedResources apply(RenderedManifests rendered, ResourceLog log) throws DeployException {
    try {
      return applier.apply(rendered);
    } catch (ClusterException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }

  @Override
  public void remove(String resource, ResourceLog log) throws DeployException {
    observers.forget(resource);
    apply(new RenderedManifests(resource, List.of()), log);
  }

  @Override
  public void observe(K8sResource resource, AppliedResources applied, ResourceLog log, Runnable containersChanged) {
    observers.observe(resource, applied, log, containersChanged);
  }

  @Override
  public List<ContainerRef> containers(AppliedResources applied, ImageRef deployed) throws DeployException {
    try {
      return new PodContainers(target).running(applied, deployed);
    } catch (ClusterException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }

  @Override
  public boolean restartKeepsFiles() {
    return false;
  }

  @Override
  public synchronized ContainerTransport transport() {
    if (transport == null) {
      try {
        transport = new K8sContainerTransport(target.client());
      } catch (ClusterException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return transport;
  }

  @Override
  public Optional<String> awaitHealthy(List<AppliedResources> applied, Duration timeout) throws InterruptedException {
    try {
      ReadinessResult result = new ReadinessWaiter(target.client()).await(applied, timeout);
      return result.isHealthy() ? Optional.empty() : Optional.of(result.message());
    } catch (ClusterException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public void close() {
    observers.close();
    target.close();
  }
}
