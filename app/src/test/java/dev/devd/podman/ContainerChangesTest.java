package dev.devd.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerChangesTest {
  private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");
  private static final PodmanContainer RUNNING = container("running", true, STARTED, 0, 0);

  @Test
  void aRemovedContainerIsNamedWithTheCommandThatDeploysItAgain() {
    assertThat(ContainerChanges.describe("web", List.of(RUNNING), List.of(), Set.of()))
        .containsExactly(
            "container web-pod-0/web was removed, not by devd; `devd trigger web` deploys it again");
  }

  @Test
  void aStoppedContainerIsNamedWithItsExitCode() {
    PodmanContainer killed = container("exited", false, STARTED, 0, 137);

    assertThat(ContainerChanges.describe("web", List.of(RUNNING), List.of(killed), Set.of()))
        .containsExactly(
            "container web-pod-0/web stopped with exit code 137, not by devd; `devd trigger web` deploys it again");
    assertThat(ContainerChanges.phase(killed)).isEqualTo("Exited (137)");
  }

  @Test
  void aContainerPodmanRestartedByItsPolicyIsNamedWithHowItEnded() {
    PodmanContainer restarted = container("running", true, STARTED.plusSeconds(5), 1, 2);

    assertThat(ContainerChanges.describe("web", List.of(RUNNING), List.of(restarted), Set.of()))
        .containsExactly(
            "container web-pod-0/web exited with 2 and podman started it again (1 restart)");
  }

  @Test
  void aStoppedContainerThatRunsAgainIsSaidToRunAgain() {
    PodmanContainer killed = container("exited", false, STARTED, 0, 137);
    PodmanContainer started = container("running", true, STARTED.plusSeconds(5), 0, 0);

    assertThat(ContainerChanges.describe("web", List.of(killed), List.of(started), Set.of()))
        .containsExactly("container web-pod-0/web runs again");
  }

  @Test
  void whatDevdDidItselfIsNoNews() {
    PodmanContainer restarted = container("running", true, STARTED.plusSeconds(5), 0, 0);

    assertThat(
            ContainerChanges.describe(
                "web", List.of(RUNNING), List.of(restarted), Set.of("id-web")))
        .isEmpty();
    assertThat(ContainerChanges.describe("web", List.of(RUNNING), List.of(RUNNING), Set.of()))
        .isEmpty();
  }

  private static PodmanContainer container(
      String state, boolean running, Instant startedAt, int restarts, int exit) {
    return new PodmanContainer(
        "id-web",
        "web-pod-0-web",
        "localhost/web:devd-1",
        state,
        running,
        startedAt,
        restarts,
        exit,
        Optional.of("web-pod-0"),
        Map.of());
  }
}
