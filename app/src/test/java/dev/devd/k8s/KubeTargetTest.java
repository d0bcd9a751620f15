package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeTargetTest {
  @TempDir Path temp;

  private Path kubeconfig(String name, String yaml) throws Exception {
    return Files.writeString(temp.resolve(name), yaml);
  }

  private Path twoContexts() throws Exception {
    return kubeconfig(
        "config",
        """
        apiVersion: v1
        kind: Config
        current-context: kind-dev
        contexts:
          - name: kind-dev
            context: {cluster: kind-dev, user: kind-dev}
          - name: staging
            context: {cluster: staging, user: staging, namespace: shop}
        clusters:
          - name: kind-dev
            cluster: {server: "https://127.0.0.1:40123"}
          - name: staging
            cluster: {server: "https://10.1.2.3:6443"}
        users:
          - name: kind-dev
            user: {token: a}
          - name: staging
            user: {token: b}
        """);
  }

  @Test
  void usesTheCurrentContextWithTheDefaultNamespace() throws Exception {
    try (KubeTarget target =
        KubeTarget.load(List.of(twoContexts()), Optional.empty(), Optional.empty())) {
      assertThat(target.context()).isEqualTo("kind-dev");
      assertThat(target.namespace()).isEqualTo("default");
      assertThat(target.server()).contains("https://127.0.0.1:40123");
    }
  }

  @Test
  void contextFlagPicksAnotherContextAndItsNamespace() throws Exception {
    try (KubeTarget target =
        KubeTarget.load(List.of(twoContexts()), Optional.of("staging"), Optional.empty())) {
      assertThat(target.context()).isEqualTo("staging");
      assertThat(target.namespace()).isEqualTo("shop");
      assertThat(target.server()).contains("https://10.1.2.3:6443");
    }
  }

  @Test
  void namespaceFlagWinsOverTheContextsNamespace() throws Exception {
    try (KubeTarget target =
        KubeTarget.load(List.of(twoContexts()), Optional.of("staging"), Optional.of("mine"))) {
      assertThat(target.namespace()).isEqualTo("mine");
    }
  }

  @Test
  void anUnknownContextIsNamedWithASuggestionAndTheKnownOnes() throws Exception {
    Path config = twoContexts();
    assertThatThrownBy(
            () -> KubeTarget.load(List.of(config), Optional.of("kind-devv"), Optional.empty()))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "the kubeconfig ("
                + config
                + ") has no context \"kind-devv\" (from --context); did you mean "
                + "\"kind-dev\"?; known: kind-dev, staging");
  }

  @Test
  void aMissingKubeconfigSaysWhereItLookedAndWhatToDo() {
    Path missing = temp.resolve("nope/config");
    assertThatThrownBy(() -> KubeTarget.load(List.of(missing), Optional.empty(), Optional.empty()))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "no kubeconfig found (looked for "
                + missing
                + "); start a local cluster (kind, k3d, minikube, "
                + "Docker Desktop, ...) or point KUBECONFIG at its kubeconfig");
  }

  @Test
  void aKubeconfigWithoutCurrentContextAsksForOne() throws Exception {
    Path config =
        kubeconfig(
            "config",
            """
        contexts:
          - name: kind-dev
            context: {cluster: kind-dev, user: kind-dev}
        """);
    assertThatThrownBy(() -> KubeTarget.load(List.of(config), Optional.empty(), Optional.empty()))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "the kubeconfig ("
                + config
                + ") sets no current-context; pass --context NAME (known: kind-dev), "
                + "or run `kubectl config use-context NAME`");
  }

  @Test
  void aBadNamespaceFlagIsRefusedBeforeAnythingIsRead() {
    assertThatThrownBy(
            () ->
                KubeTarget.load(
                    List.of(temp.resolve("none")), Optional.empty(), Optional.of("My_Space")))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("--namespace \"My_Space\" is not a valid namespace name");
  }

  @Test
  void severalFilesMergeLikeKubectlTheFirstDefinitionWins() throws Exception {
    Path first =
        kubeconfig(
            "first",
            """
        current-context: k3d-a
        contexts:
          - name: k3d-a
            context: {cluster: a, user: a}
        clusters:
          - name: a
            cluster: {server: "https://127.0.0.1:1"}
        """);
    Path second =
        kubeconfig(
            "second",
            """
        current-context: other
        contexts:
          - name: k3d-a
            context: {cluster: shadowed, user: a, namespace: ignored}
          - name: other
            context: {cluster: b, user: b, namespace: team}
        clusters:
          - name: a
            cluster: {server: "https://shadowed:1"}
          - name: b
            cluster: {server: "https://127.0.0.1:2"}
        """);
    try (KubeTarget target =
        KubeTarget.load(
            List.of(first, temp.resolve("missing"), second), Optional.empty(), Optional.empty())) {
      assertThat(target.context()).isEqualTo("k3d-a");
      assertThat(target.server()).contains("https://127.0.0.1:1");
      assertThat(target.namespace()).isEqualTo("default");
    }
    try (KubeTarget other =
        KubeTarget.load(List.of(first, second), Optional.of("other"), Optional.empty())) {
      assertThat(other.namespace()).isEqualTo("team");
      assertThat(other.server()).contains("https://127.0.0.1:2");
    }
  }

  @Test
  void kubeconfigFilesComeFromKubeconfigOrTheHomeFolder() {
    Path home = Path.of("home");
    assertThat(Kubeconfig.defaultFiles(Map.of(), home))
        .containsExactly(home.resolve(".kube/config"));
    assertThat(
            Kubeconfig.defaultFiles(
                Map.of("KUBECONFIG", "a" + File.pathSeparator + File.pathSeparator + "b"), home))
        .containsExactly(Path.of("a"), Path.of("b"));
  }

  @Test
  void theClientIsOnlySetUpWhenFirstAskedFor() throws Exception {
    // fabric8 runs a kubeconfig's credential plugin while it sets up a client; this plugin leaves a
    // mark when it runs.
    Path mark = temp.resolve("plugin-ran");
    Path config =
        kubeconfig(
            "config",
            """
        current-context: kind-lazy
        contexts:
          - name: kind-lazy
            context: {cluster: lazy, user: lazy}
        clusters:
          - name: lazy
            cluster: {server: "http://127.0.0.1:1"}
        users:
          - name: lazy
            user:
              exec:
                apiVersion: client.authentication.k8s.io/v1
                command: sh
                args: ["-c", "touch '%s'; echo '{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"t\\"}}'"]
                interactiveMode: Never
        """
                .formatted(mark));
    try (KubeTarget target = KubeTarget.load(List.of(config), Optional.empty(), Optional.empty())) {
      assertThat(target.context()).isEqualTo("kind-lazy");
      assertThat(target.namespace()).isEqualTo("default");
      assertThat(mark).doesNotExist();

      assertThat(target.client().getConfiguration().getAutoOAuthToken()).isEqualTo("t");
      assertThat(mark).exists();
      assertThat(target.client().getNamespace()).isEqualTo("default");
    }
  }
}
