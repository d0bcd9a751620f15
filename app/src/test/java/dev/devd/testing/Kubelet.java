package dev.devd.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the test writes in place of a kubelet (and of the controllers that create pods): pods and
 * the statuses a node would report. The mock server stores them as given; nothing runs. Container
 * ids are left out unless a test sets them, so the restart count is what tells one run of a
 * container from the next.
 */
public final class Kubelet {
  private final KubernetesClient client;
  private final String namespace;

  public Kubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * A new pod with no status yet (not scheduled), one container per name running image {@code
   * NAME:1}.
   */
  public Pod create(String name, Map<String, String> labels, String... containers) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .endSpec();
    for (String container : containers) {
      pod.editSpec()
          .addNewContainer()
          .withName(container)
          .withImage(container + ":1")
          .endContainer()
          .endSpec();
    }
    return client.resource(pod.build()).create();
  }

  /** Scheduled, containers waiting to be created. */
  public Pod pending(String name) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            new ContainerStatusBuilder(old)
                                .withReady(false)
                                .withNewState()
                                .withNewWaiting()
                                .withReason("ContainerCreating")
                                .endWaiting()
                                .endState()
                                .build()))
                .build());
  }

  /** Every container running, ready or not, with the restart counts it had. */
  public Pod running(String name, boolean ready) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            new ContainerStatusBuilder(old)
                                .withReady(ready)
                                .withNewState()
                                .withNewRunning()
                                .withStartedAt(Instant.now().toString())
                                .endRunning()
                                .endState()
                                .build()))
                .build());
  }

  /**
   * The container crashed for the {@code restarts}-th time and the kubelet backs off before
   * starting it again.
   */
  public Pod crashLooping(String name, String crashing, int restarts) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            !container.equals(crashing)
                                ? old
                                : new ContainerStatusBuilder(old)
                                    .withReady(false)
                                    .withRestartCount(restarts)
                                    .withNewState()
                                    .withNewWaiting()
                                    .withReason("CrashLoopBackOff")
                                    .withMessage(
                                        "back-off 40s restarting failed container=" + crashing)
                                    .endWaiting()
                                    .endState()
                                    .withNewLastState()
                                    .withNewTerminated()
                                    .withExitCode(1)
                                    .withReason("Error")
                                    .endTerminated()
                                    .endLastState()
                                    .build()))
                .build());
  }

  /** The container's image cannot be pulled. */
  public Pod imagePullBackOff(String name, String failing) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            !container.equals(failing)
                                ? old
                                : new ContainerStatusBuilder(old)
                                    .withReady(false)
                                    .withNewState()
                                    .withNewWaiting()
                                    .withReason("ImagePullBackOff")
                                    .withMessage("Back-off pulling image \"" + failing + ":1\"")
                                    .endWaiting()
                                    .endState()
                                    .build()))
                .build());
  }

  /** The container was restarted once more and runs again (ready). */
  public Pod restarted(String name, String container) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (c, old) ->
                            !c.equals(container)
                                ? old
                                : new ContainerStatusBuilder(old)
                                    .withReady(true)
                                    .withRestartCount(
                                        (old.getRestartCount() == null ? 0 : old.getRestartCount())
                                            + 1)
                                    .withNewState()
                                    .withNewRunning()
                                    .withStartedAt(Instant.now().toString())
                                    .endRunning()
                                    .endState()
                                    .withNewLastState()
                                    .withNewTerminated()
                                    .withExitCode(1)
                                    .withReason("Error")
                                    .endTerminated()
                                    .endLastState()
                                    .build()))
                .build());
  }

  /** All containers exited 0. */
  public Pod succeeded(String name) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Succeeded")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            new ContainerStatusBuilder(old)
                                .withReady(false)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(0)
                                .withReason("Completed")
                                .endTerminated()
                                .endState()
                                .build()))
                .build());
  }

  /** All containers exited with {@code exitCode}, and the pod will not run them again. */
  public Pod failed(String name, int exitCode) {
    return status(
        name,
        pod ->
            new PodStatusBuilder()
                .withPhase("Failed")
                .withContainerStatuses(
                    statuses(
                        pod,
                        (container, old) ->
                            new ContainerStatusBuilder(old)
                                .withReady(false)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withReason("Error")
                                .endTerminated()
                                .endState()
                                .build()))
                .build());
  }

  public void delete(String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  private Pod status(String name, Function<Pod, PodStatus> status) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    Pod changed = new PodBuilder(pod).withStatus(status.apply(pod)).build();
    return client.resource(changed).update();
  }

  /**
   * One status per container of the pod's spec, made from the old one (or a fresh one with no
   * restarts).
   */
  private static List<ContainerStatus> statuses(
      Pod pod, BiFunction<String, ContainerStatus, ContainerStatus> change) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (var container : pod.getSpec().getContainers()) {
      ContainerStatus old =
          (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                  ? java.util.Optional.<ContainerStatus>empty()
                  : pod.getStatus().getContainerStatuses().stream()
                      .filter(s -> s.getName().equals(container.getName()))
                      .findFirst())
              .orElseGet(
                  () ->
                      new ContainerStatusBuilder()
                          .withName(container.getName())
                          .withImage(container.getImage())
                          .withRestartCount(0)
                          .withReady(false)
                          .build());
      statuses.add(change.apply(container.getName(), old));
    }
    return statuses;
  }
}
