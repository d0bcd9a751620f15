package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.k8s.AppliedState;
import dev.devd.k8s.Applier;
import dev.devd.k8s.KubeTarget;
import dev.devd.render.K8sObject;
import dev.devd.render.RenderedManifests;
import dev.devd.testing.DevdProcess;
import dev.devd.testing.TestProject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code devd down} as a real process against fabric8's mock API server (CRUD mode, plain HTTP on
 * 127.0.0.1).
 */
class DownCommandIT {
  @TempDir Path temp;
  private TestProject project;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private Path kubeconfig;

  @BeforeEach
  void setUp() throws Exception {
    project = new TestProject(temp.resolve("project"));
    project.write(
        "devd.yaml",
        """
        k8sYaml: [k8s/*.yaml]
        images:
          - {ref: web, command: "true", deps: [src]}
        """);
    project.write("src/index.html", "hello");
    server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    // The current context is a remote cluster: devd must only touch the mock when told to with
    // --context.
    kubeconfig =
        Files.writeString(
            temp.resolve("kubeconfig"),
            """
        current-context: prod-cluster
        contexts:
          - name: prod-cluster
            context: {cluster: prod, user: u}
          - name: mock
            context: {cluster: kind-mock, user: u}
        clusters:
          - name: prod
            cluster: {server: "https://10.1.2.3:6443"}
          - name: kind-mock
            cluster: {server: "http://127.0.0.1:%d"}
        users:
          - name: u
            user: {token: dummy}
        """
                .formatted(server.getPort()));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.destroy();
  }

  private void applyWeb() throws Exception {
    Map<String, Object> configMap = new LinkedHashMap<>();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    configMap.put(
        "metadata",
        Map.of(
            "name",
            "web-config",
            "labels",
            Map.of(Applier.MANAGED_BY_LABEL, Applier.MANAGER, Applier.RESOURCE_LABEL, "web")));
    configMap.put("data", Map.of("a", "b"));
    K8sObject object =
        new K8sObject(
            "v1", "ConfigMap", "web-config", Optional.empty(), configMap, Path.of("k8s/web.yaml"));
    try (KubeTarget target =
        KubeTarget.load(List.of(kubeconfig), Optional.of("mock"), Optional.empty())) {
      new Applier(target, AppliedState.load(project.path(".devd"), "mock"))
          .apply(new RenderedManifests("web", List.of(object)));
    }
  }

  @Test
  void deletesWhatDevdAppliedToTheNamedContext() throws Exception {
    applyWeb();

    DevdProcess.Result result =
        DevdProcess.run(
            project.root(),
            Map.of("KUBECONFIG", kubeconfig.toString()),
            "down",
            "--context",
            "mock");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("[web] deleted web-config:configmap", "deleted 1 object from context \"mock\"");
    assertThat(client.configMaps().inNamespace("default").withName("web-config").get()).isNull();

    DevdProcess.Result again =
        DevdProcess.run(
            project.root(),
            Map.of("KUBECONFIG", kubeconfig.toString()),
            "down",
            "--context",
            "mock");
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout())
        .contains(
            "nothing to delete: devd has not applied anything to context \"mock\" from this project");
  }

  @Test
  void refusesAContextThatIsNotLocalWithExitCode1() throws Exception {
    applyWeb();

    DevdProcess.Result result =
        DevdProcess.run(project.root(), Map.of("KUBECONFIG", kubeconfig.toString()), "down");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr().strip())
        .isEqualTo(
            "refusing to deploy to Kubernetes context \"prod-cluster\": it does not "
                + "look like a local cluster; if you mean it, add it to devd.yaml: allowK8sContexts: [prod-cluster]");
    assertThat(client.configMaps().inNamespace("default").withName("web-config").get()).isNotNull();
  }
}
