package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterSafetyTest {
  @TempDir Path temp;

  /** A target loaded from a kubeconfig file with one context pointing at this server. */
  private KubeTarget target(String context, String server) throws Exception {
    return target(context, "c", server);
  }

  /**
   * A target loaded from a kubeconfig file with one context, whose cluster has this name and
   * server.
   */
  private KubeTarget target(String context, String cluster, String server) throws Exception {
    Path config =
        Files.writeString(
            temp.resolve("config"),
            """
        current-context: "%1$s"
        contexts:
          - name: "%1$s"
            context: {cluster: "%2$s", user: u}
        clusters:
          - name: "%2$s"
            cluster: {server: "%3$s"}
        users:
          - name: u
            user: {token: t}
        """
                .formatted(context, cluster, server));
    return KubeTarget.load(List.of(config), Optional.empty(), Optional.empty());
  }

  @Test
  void refusesAClusterThatIsNotLocalAndSaysWhichLineAllowsIt() throws Exception {
    try (KubeTarget target = target("prod-cluster", "https://10.1.2.3:6443")) {
      assertThatThrownBy(() -> ClusterSafety.check(target, List.of()))
          .isInstanceOf(ClusterException.class)
          .hasMessage(
              "refusing to deploy to Kubernetes context \"prod-cluster\": it does not look like a local cluster; "
                  + "if you mean it, add it to devd.yaml: allowK8sContexts: [prod-cluster]");
    }
  }

  @Test
  void theSuggestedLineKeepsTheContextsAlreadyAllowedAndQuotesOddNames() throws Exception {
    String eks = "arn:aws:eks:eu-west-1:123456789012:cluster/shop";
    try (KubeTarget target = target(eks, "https://ABC.gr7.eu-west-1.eks.amazonaws.com")) {
      assertThatThrownBy(() -> ClusterSafety.check(target, List.of("rancher-desktop")))
          .hasMessageEndingWith("allowK8sContexts: [rancher-desktop, \"" + eks + "\"]");
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource({
    "kind-dev, https://10.1.2.3:6443",
    "docker-desktop, https://kubernetes.docker.internal:6443",
    "docker-for-desktop, https://10.1.2.3:6443",
    "minikube, https://192.168.49.2:8443",
    "k3d-shop, https://0.0.0.0:6550",
    "microk8s, https://10.1.2.3:16443",
    "rancher-desktop, https://10.1.2.3:6443",
    "colima, https://10.1.2.3:6443",
    "colima-work, https://10.1.2.3:6443",
    "orbstack, https://10.1.2.3:26443",
    "crc, https://api.crc.testing:6443",
  })
  void allowsLocalClustersByTheirContextsName(String context, String server) throws Exception {
    try (KubeTarget target = target(context, server)) {
      assertThatCode(() -> ClusterSafety.check(target, List.of())).doesNotThrowAnyException();
    }
  }

  @Test
  void allowsAContextWhoseClusterHasALocalName() throws Exception {
    // kind names both; a renamed context keeps its cluster's name.
    try (KubeTarget target = target("dev", "kind-dev", "https://127.0.0.1:41235")) {
      assertThatCode(() -> ClusterSafety.check(target, List.of())).doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @CsvSource({"https://127.0.0.1:6443", "http://localhost:8080", "'https://[::1]:6443'"})
  void aServerOnThisMachineAloneIsNotLocalAsItMayBeATunnel(String server) throws Exception {
    try (KubeTarget target = target("prod-tunnel", "prod", server)) {
      assertThatThrownBy(() -> ClusterSafety.check(target, List.of()))
          .hasMessage(
              "refusing to deploy to Kubernetes context \"prod-tunnel\": it does not look like a local cluster"
                  + " (its API server is on this machine, which may be a tunnel to a remote cluster); if you mean it, add it"
                  + " to devd.yaml: allowK8sContexts: [prod-tunnel]");
    }
  }

  @Test
  void allowsAContextListedInAllowK8sContexts() throws Exception {
    try (KubeTarget target = target("prod-cluster", "https://10.1.2.3:6443")) {
      assertThatCode(() -> ClusterSafety.check(target, List.of("staging", "prod-cluster")))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @CsvSource({"kind-", "kindred", "my-minikube", "k3d", "localhost-cluster"})
  void namesThatOnlyResembleLocalOnesAreNotLocal(String context) {
    assertThat(ClusterSafety.isAllowed(context, context, List.of())).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "https://127.0.0.1.example.com:6443",
    "https://localhost.example.com",
    "https://10.0.0.1:6443"
  })
  void serversThatOnlyResembleLoopbackAreNotLocal(String server) {
    assertThat(ClusterSafety.isLoopback(server)).isFalse();
  }
}
