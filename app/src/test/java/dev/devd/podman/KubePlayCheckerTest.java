package dev.devd.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.render.K8sObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Warnings about objects podman kube play (4.3) passes over or cannot run as written. */
class KubePlayCheckerTest {
  final KubePlayChecker checker = new KubePlayChecker();

  @Test
  void warnsAboutKindsPodmanIgnoresAndDeploymentsWithReplicas() {
    List<K8sObject> objects =
        List.of(
            object("apps/v1", "Deployment", "web", Map.of("spec", Map.of("replicas", 1))),
            object("apps/v1", "Deployment", "api", Map.of("spec", Map.of("replicas", 3))),
            object("v1", "Pod", "job", Map.of()),
            object("v1", "ConfigMap", "settings", Map.of()),
            object("v1", "PersistentVolumeClaim", "data", Map.of()),
            object("v1", "Service", "web", Map.of()),
            object("networking.k8s.io/v1", "Ingress", "web", Map.of()));

    assertThat(checker.warnings(objects))
        .containsExactly(
            "Deployment \"api\" asks for 3 replicas, and podman kube play runs one pod per Deployment (podman 4.3 fails"
                + " with \"pod already exists\"); set replicas: 1 for podman",
            "podman kube play ignores Service \"web\": nothing routes to the pods through it; with podman, publish the"
                + " port with hostPort on the container's ports (or set hostNetwork: true)",
            "podman kube play ignores Ingress \"web\"; podman runs Pod, Deployment, PersistentVolumeClaim and ConfigMap"
                + " objects only");
  }

  @Test
  void aDeploymentWithoutReplicasRunsOnePod() {
    assertThat(
            checker.warnings(
                List.of(object("apps/v1", "Deployment", "web", Map.of("spec", Map.of())))))
        .isEmpty();
  }

  private static K8sObject object(
      String apiVersion, String kind, String name, Map<String, Object> body) {
    return new K8sObject(apiVersion, kind, name, Optional.empty(), body, Path.of("k8s.yaml"));
  }
}
