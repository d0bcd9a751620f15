package dev.devd.k8s;

import dev.devd.image.ImageRef;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ContainerAccess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the containers of an applied resource's pods that run a given image, as live update needs
 * them: where each is, whether it runs or crash-loops, and when its current process started; files
 * and commands reach them by exec.
 */
public final class PodContainers implements ContainerAccess {
  private final KubeTarget target;
  private ContainerTransport transport;

  public PodContainers(KubeTarget target) {
    this.target = target;
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
  public List<ContainerRef> containers(AppliedResources applied, ImageRef image)
      throws ClusterException {
    List<Pod> pods;
    try {
      pods =
          target
              .client()
              .pods()
              .inNamespace(applied.namespace())
              .withLabels(applied.podLabels())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      throw new ClusterException(
          "cannot list the pods of "
              + applied.resource()
              + " in context \""
              + target.context()
              + "\": "
              + e.getMessage()
              + "; check that the cluster is up",
          e);
    }
    List<ContainerRef> containers = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) continue;
      for (Container container : pod.getSpec().getContainers()) {
        if (!image.toString().equals(container.getImage())) continue;
        ContainerStatus status = status(pod, container.getName());
        boolean running =
            status != null && status.getState() != null && status.getState().getRunning() != null;
        boolean crashLooping =
            status != null
                && status.getState() != null
                && status.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason());
        Instant startedAt =
            running && status.getState().getRunning().getStartedAt() != null
                ? Instant.parse(status.getState().getRunning().getStartedAt())
                : Instant.EPOCH;
        containers.add(
            new ContainerRef(
                new ContainerRef.PodContainer(
                    applied.namespace(), pod.getMetadata().getName(), container.getName()),
                pod.getMetadata().getName() + "/" + container.getName(),
                container.getImage(),
                running,
                crashLooping,
                startedAt));
      }
    }
    return containers;
  }

  private static ContainerStatus status(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) return null;
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()))
        .findFirst()
        .orElse(null);
  }
}
