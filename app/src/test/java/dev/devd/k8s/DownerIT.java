package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.runtime.ObjectRef;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownerIT {
  @TempDir Path temp;
  private MockCluster cluster;
  private KubeTarget target;
  private ConsoleCapture console;

  @BeforeEach
  void setUp() throws Exception {
    cluster = MockCluster.start(temp);
    target = cluster.target();
    Applier applier = new Applier(target, state());
    applier.apply(
        TestManifests.of(
            "web",
            TestManifests.deployment("web", "web:devd-1")
                + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        """));
    applier.apply(
        TestManifests.of(
            "uncategorized",
            """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: shared, namespace: team}
        data: {a: b}
        """));
    console = new ConsoleCapture();
  }

  @AfterEach
  void tearDown() {
    console.close();
    target.close();
    cluster.close();
  }

  private AppliedState state() throws ClusterException {
    return AppliedState.load(temp.resolve("project/.devd"), target.context());
  }

  private boolean stored(String kind, String namespace, String name) {
    return switch (kind) {
      case "Deployment" ->
          cluster.client().apps().deployments().inNamespace(namespace).withName(name).get() != null;
      case "Service" ->
          cluster.client().services().inNamespace(namespace).withName(name).get() != null;
      case "ConfigMap" ->
          cluster.client().configMaps().inNamespace(namespace).withName(name).get() != null;
      case "Namespace" -> cluster.client().namespaces().withName(name).get() != null;
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @Test
  void deletesWhatDevdAppliedLastKindFirstAndKeepsNamespaces() throws Exception {
    cluster.takeRequests();

    Downer.Result result = new Downer(target, state()).down(false, Optional.empty());

    assertThat(stored("Deployment", "default", "web")).isFalse();
    assertThat(stored("Service", "default", "web")).isFalse();
    assertThat(stored("ConfigMap", "team", "shared")).isFalse();
    assertThat(stored("Namespace", "", "team")).isTrue();
    List<String> deletes =
        cluster.takeRequests().stream()
            .filter(request -> request.method().equals("DELETE"))
            .map(MockCluster.Request::path)
            .toList();
    assertThat(deletes)
        .containsExactly(
            "/apis/apps/v1/namespaces/default/deployments/web",
            "/api/v1/namespaces/default/services/web",
            "/api/v1/namespaces/team/configmaps/shared");
    assertThat(result.deleted()).hasSize(3);
    assertThat(result.kept()).containsExactly(new ObjectRef("v1", "Namespace", "", "team"));
    assertThat(console.lines())
        .containsExactly(
            "[web] deleted web:deployment",
            "[web] deleted web:service",
            "[uncategorized] deleted shared:configmap",
            "[uncategorized] keeping namespace team; `devd down --delete-namespaces` deletes it");
    assertThat(state().all())
        .as("only the kept namespace is left to remember")
        .isEqualTo(Map.of("uncategorized", List.of(new ObjectRef("v1", "Namespace", "", "team"))));
  }

  @Test
  void deletesNamespacesWhenAsked() throws Exception {
    new Downer(target, state()).down(true, Optional.empty());

    assertThat(stored("Namespace", "", "team")).isFalse();
    assertThat(console.lines()).endsWith("[uncategorized] deleted team:namespace");
    assertThat(state().all()).isEmpty();
    assertThat(temp.resolve("project/.devd/applied-mock.json")).doesNotExist();
  }

  @Test
  void runningItTwiceIsHarmless() throws Exception {
    new Downer(target, state()).down(true, Optional.empty());
    int linesAfterFirst = console.lines().size();

    Downer.Result again = new Downer(target, state()).down(true, Optional.empty());

    assertThat(again.deleted()).isEmpty();
    assertThat(console.lines()).hasSize(linesAfterFirst);
  }

  @Test
  void anObjectThatNoLongerCarriesDevdsLabelIsLeftAlone() throws Exception {
    cluster
        .client()
        .configMaps()
        .inNamespace("team")
        .withName("shared")
        .edit(
            map ->
                new ConfigMapBuilder(map)
                    .editMetadata()
                    .withLabels(Map.of("owner", "ops"))
                    .endMetadata()
                    .build());

    new Downer(target, state()).down(false, Optional.empty());

    assertThat(stored("ConfigMap", "team", "shared")).isTrue();
    assertThat(console.lines())
        .contains(
            "[uncategorized] leaving shared:configmap alone: it no longer carries "
                + "app.kubernetes.io/managed-by=devd");
  }

  @Test
  void aNamespaceLimitsWhatIsDeleted() throws Exception {
    new Downer(target, state()).down(false, Optional.of("team"));

    assertThat(stored("ConfigMap", "team", "shared")).isFalse();
    assertThat(stored("Deployment", "default", "web")).isTrue();
    assertThat(state().objects("web")).hasSize(2);
  }
}
