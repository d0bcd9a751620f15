package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.runtime.ObjectRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedStateTest {
  private static final ObjectRef WEB = new ObjectRef("apps/v1", "Deployment", "default", "web");
  private static final ObjectRef CONFIG = new ObjectRef("v1", "ConfigMap", "default", "web-config");
  private static final ObjectRef TEAM = new ObjectRef("v1", "Namespace", "", "team");

  @TempDir Path stateDir;

  @Test
  void whatIsRecordedIsThereAfterLoadingAgain() throws Exception {
    AppliedState state = AppliedState.load(stateDir, "kind-dev");
    state.record("web", List.of(WEB, CONFIG));
    state.record("uncategorized", List.of(TEAM));

    AppliedState again = AppliedState.load(stateDir, "kind-dev");

    assertThat(again.objects("web")).containsExactly(WEB, CONFIG);
    assertThat(again.all().keySet()).containsExactly("uncategorized", "web");
    assertThat(stateDir.resolve("applied-kind-dev.json")).exists();
    try (var files = Files.list(stateDir)) {
      assertThat(files)
          .as("no temporary file left behind")
          .containsExactly(stateDir.resolve("applied-kind-dev.json"));
    }
  }

  @Test
  void eachContextHasItsOwnFileWithASafeName() throws Exception {
    AppliedState.load(stateDir, "arn:aws:eks:eu-west-1:1:cluster/shop").record("web", List.of(WEB));

    assertThat(stateDir.resolve("applied-arn_aws_eks_eu-west-1_1_cluster_shop.json")).exists();
    assertThat(AppliedState.load(stateDir, "kind-dev").all()).isEmpty();
  }

  @Test
  void recordingNothingForEveryResourceRemovesTheFile() throws Exception {
    AppliedState state = AppliedState.load(stateDir, "kind-dev");
    state.record("web", List.of(WEB));
    state.record("web", List.of());

    assertThat(state.all()).isEmpty();
    assertThat(stateDir.resolve("applied-kind-dev.json")).doesNotExist();
  }

  @Test
  void knowsWhenAnObjectMovedToAnotherResource() throws Exception {
    AppliedState state = AppliedState.load(stateDir, "kind-dev");
    state.record("web", List.of(WEB, CONFIG));
    state.record("api", List.of(CONFIG));

    assertThat(state.otherHolders(CONFIG, "web")).containsExactly("api");
    assertThat(state.otherHolders(WEB, "web")).isEmpty();
  }

  @Test
  void aDamagedFileIsReportedWithWhatToDo() throws Exception {
    Files.writeString(stateDir.resolve("applied-kind-dev.json"), "{\"resources\": [");

    assertThatThrownBy(() -> AppliedState.load(stateDir, "kind-dev"))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith(
            stateDir.resolve("applied-kind-dev.json") + " is not a state file devd can read (")
        .hasMessageEndingWith(
            "), so devd does not know what it applied to context \"kind-dev\"; delete the file to "
                + "start afresh, and remove what devd applied before by hand (its objects carry the label "
                + "app.kubernetes.io/managed-by=devd)");
  }
}
