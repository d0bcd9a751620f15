package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodStatusReaderTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void aPodWithoutStatusIsPendingAndNotReady() {
    Pod pod = pod("Pending").withStatus(null).build();

    assertThat(PodStatusReader.snapshot("web", pod, NOW))
        .isEqualTo(
            new PodSnapshot(
                "web",
                "dev",
                "web-1",
                "Pending",
                false,
                0,
                false,
                List.of("web:1", "sidecar:1"),
                List.of("web", "sidecar"),
                NOW));
    assertThat(PodStatusReader.summary(pod)).isEqualTo("Pending");
  }

  @Test
  void readyMeansEveryAppContainerReadyAndRestartsAreSummedOverAllContainers() {
    Pod ready =
        pod("Running", running("web", true, 1), running("sidecar", true, 2))
            .editStatus()
            .withInitContainerStatuses(terminated("init", 0, 3))
            .endStatus()
            .build();
    Pod half = pod("Running", running("web", true, 0), running("sidecar", false, 0)).build();

    assertThat(PodStatusReader.ready(ready)).isTrue();
    assertThat(PodStatusReader.restarts(ready)).isEqualTo(6);
    assertThat(PodStatusReader.summary(ready)).isEqualTo("Running, ready (6 restarts)");
    assertThat(PodStatusReader.ready(half)).isFalse();
    assertThat(PodStatusReader.summary(half)).isEqualTo("Running, not ready");
  }

  @Test
  void crashLoopingIsTheKubeletsBackOffOrRepeatedRestartsWithTheContainerDown() {
    assertThat(PodStatusReader.crashLooping(waiting("web", "CrashLoopBackOff", 1))).isTrue();
    assertThat(
            PodStatusReader.crashLooping(terminated("web", 1, PodStatusReader.REPEATED_RESTARTS)))
        .isTrue();
    assertThat(
            PodStatusReader.crashLooping(
                terminated("web", 1, PodStatusReader.REPEATED_RESTARTS - 1)))
        .isFalse();
    assertThat(
            PodStatusReader.crashLooping(terminated("init", 0, PodStatusReader.REPEATED_RESTARTS)))
        .isFalse();
    // Restarted often in the past but up now: not looping (the count never goes down).
    assertThat(PodStatusReader.crashLooping(running("web", true, 12))).isFalse();
  }

  @Test
  void troubleNamesTheContainerAndWhatIsWrong() {
    Pod crash =
        pod("Running", running("web", true, 0), waiting("sidecar", "CrashLoopBackOff", 4)).build();
    Pod image =
        pod(
                "Pending",
                waiting("web", "ErrImagePull", 0),
                waiting("sidecar", "ContainerCreating", 0))
            .build();
    Pod config = pod("Pending", waiting("web", "CreateContainerConfigError", 0)).build();

    assertThat(PodStatusReader.trouble(crash).map(PodStatusReader::describe))
        .contains("container sidecar is crash-looping (4 restarts)");
    assertThat(PodStatusReader.trouble(image).map(PodStatusReader::describe))
        .contains("cannot pull image \"web:1\" for container web (ErrImagePull: says the kubelet)");
    assertThat(PodStatusReader.trouble(config).map(PodStatusReader::describe))
        .contains("cannot start container web (CreateContainerConfigError: says the kubelet)");
    assertThat(
            PodStatusReader.trouble(
                pod("Running", running("web", true, 1), running("sidecar", true, 0)).build()))
        .isEmpty();
  }

  @Test
  void aContainerUnderTheRestartSupervisorWithoutAShellIsExplainedInRestartProcessTerms() {
    String message =
        "failed to create containerd task: exec: \"/bin/sh\": stat /bin/sh: no such file or directory";
    Pod pod =
        pod(
                "Running",
                new ContainerStatusBuilder()
                    .withName("web")
                    .withReady(false)
                    .withRestartCount(1)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("RunContainerError")
                    .withMessage(message)
                    .endWaiting()
                    .endState()
                    .build())
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("DEVD_RESTART_PIDFILE")
            .withValue("/dev/shm/devd-restart-web.pid")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    assertThat(PodStatusReader.trouble(pod).map(PodStatusReader::describe))
        .contains(
            "cannot start container web"
                + " (RunContainerError: "
                + message
                + "); web:1 has no /bin/sh, which restartProcess needs: devd runs the"
                + " container's command under a small sh script that restarts it after a live update; add a shell to the image"
                + " (busybox's sh, or a base image that has one), or remove restartProcess from its liveUpdate steps");
  }

  @Test
  void summariesSayWhatAPersonWantsToKnow() {
    assertThat(
            PodStatusReader.summary(pod("Pending", waiting("web", "ContainerCreating", 0)).build()))
        .isEqualTo("Pending (container web: ContainerCreating)");
    assertThat(PodStatusReader.summary(pod("Failed", terminated("web", 137, 0)).build()))
        .isEqualTo("Failed (container web exited with 137: Error)");
    assertThat(PodStatusReader.summary(pod("Succeeded", terminated("web", 0, 0)).build()))
        .isEqualTo("Succeeded");
    assertThat(
            PodStatusReader.summary(
                pod("Pending")
                    .editStatus()
                    .addNewCondition()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .endCondition()
                    .endStatus()
                    .build()))
        .isEqualTo("Pending (Unschedulable)");
    assertThat(
            PodStatusReader.summary(
                pod("Running", running("web", true, 0))
                    .editMetadata()
                    .withDeletionTimestamp("2026-11-23T10:00:00Z")
                    .endMetadata()
                    .build()))
        .isEqualTo("Terminating");
  }

  @Test
  void aPodIsKnownByItsUid() {
    Pod pod = pod("Running").editMetadata().withUid("5d1c").endMetadata().build();

    assertThat(PodStatusReader.key(pod)).isEqualTo("5d1c");
    assertThat(PodStatusReader.key(pod("Running").build())).isEqualTo("web-1");
  }

  private static PodBuilder pod(String phase, ContainerStatus... statuses) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .withNamespace("dev")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:1")
        .endContainer()
        .addNewContainer()
        .withName("sidecar")
        .withImage("sidecar:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withContainerStatuses(statuses)
        .endStatus();
  }

  private static ContainerStatus running(String name, boolean ready, int restarts) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withReady(ready)
        .withRestartCount(restarts)
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .build();
  }

  private static ContainerStatus waiting(String name, String reason, int restarts) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withReady(false)
        .withRestartCount(restarts)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage("says the kubelet")
        .endWaiting()
        .endState()
        .build();
  }

  private static ContainerStatus terminated(String name, int exitCode, int restarts) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withReady(false)
        .withRestartCount(restarts)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .endTerminated()
        .endState()
        .build();
  }
}
