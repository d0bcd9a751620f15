package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.MockCluster;
import dev.devd.testing.TestProject;
import dev.devd.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8sYaml} sources as users run them (SPEC §11.1): devd up with a local Helm chart rendered
 * by Helm's own code (helm-java), a kustomize overlay rendered by {@code kubectl kustomize}, and a
 * command, each applied to fabric8's mock API server with the built image's ref; an edit of a
 * source's input redeploys without building. The build command counts its runs in builds.log and
 * names its image web:build-N (outputsImageRefTo), so no image store is needed. What the mock
 * cannot imitate: server-side apply (devd falls back to create-or-replace) and running pods.
 */
class YamlSourcesIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path temp;
  private TestProject project;
  private MockCluster cluster;

  @BeforeEach
  void setUp() throws Exception {
    project = new TestProject(temp.resolve("project"));
    cluster = MockCluster.start(Files.createDirectories(temp.resolve("cluster")));
    project.write("src/content.txt", "v1");
    project.write(
        "build.sh",
        """
        #!/bin/sh
        set -eu
        echo build >> builds.log
        echo "web:build-$(wc -l < builds.log | tr -d ' ')" > ref.txt
        """);
    project.path("build.sh").toFile().setExecutable(true);
  }

  @AfterEach
  void tearDown() {
    cluster.close();
  }

  private static final String IMAGE =
      """
      images:
        - ref: web
          command: ./build.sh
          deps: [src, build.sh]
          outputsImageRefTo: ref.txt
      """;

  private Map<String, String> env() {
    return Map.of("KUBECONFIG", cluster.kubeconfig().toString());
  }

  private Deployment deployment(String namespace, String name) {
    return cluster.client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static String env(Deployment deployment, String name) {
    return container(deployment).getEnv().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private void writeChart() {
    YamlFixtures.writeShopChart(project);
    project.write(
        "devd.yaml",
        """
        k8sYaml:
          - helm: {chart: deploy/chart, releaseName: shop, namespace: dev, values: [deploy/dev-values.yaml],
                   set: {replicas: 1}}
        """
            + IMAGE);
  }

  @Test
  void aHelmChartIsDeployedWithTheBuiltRefAndAnEditOfItsValuesRedeploysWithoutABuild()
      throws Exception {
    writeChart();
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployment("dev", "shop-web") != null);
      Deployment first = deployment("dev", "shop-web");
      assertThat(container(first).getImage()).isEqualTo("web:build-1");
      assertThat(first.getSpec().getReplicas())
          .as("set: wins over the chart's values")
          .isEqualTo(1);
      assertThat(env(first, "GREETING"))
          .as("the values file wins over the chart's")
          .isEqualTo("hi from dev");
      ConfigMap cache =
          cluster.client().configMaps().inNamespace("dev").withName("shop-cache").get();
      assertThat(cache).as("the subchart in charts/ is rendered too").isNotNull();
      assertThat(cluster.client().pods().inNamespace("dev").withName("shop-test").get())
          .as("a test hook is not")
          .isNull();

      project.write("deploy/dev-values.yaml", "greeting: edited\n");
      await()
          .atMost(WAIT)
          .until(() -> env(deployment("dev", "shop-web"), "GREETING").equals("edited"));
      assertThat(container(deployment("dev", "shop-web")).getImage()).isEqualTo("web:build-1");
      assertThat(project.lines("builds.log")).as("the redeploy built nothing").hasSize(1);

      project.write(
          "deploy/chart/templates/deployment.yaml",
          Files.readString(project.path("deploy/chart/templates/deployment.yaml"))
              .replace("GREETING", "SALUTE"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  container(deployment("dev", "shop-web"))
                      .getEnv()
                      .getFirst()
                      .getName()
                      .equals("SALUTE"));
      assertThat(project.lines("builds.log"))
          .as("an edit inside the chart builds nothing either")
          .hasSize(1);

      project.write("src/content.txt", "v2");
      await()
          .atMost(WAIT)
          .until(() -> container(deployment("dev", "shop-web")).getImage().equals("web:build-2"));
      assertThat(devd.stdout())
          .contains("[shop-web] STEP 1/1 — Deploying", "[uncategorized] → shop-cache:configmap");
    }
  }

  @Test
  void aChartThatNoLongerRendersKeepsWhatRunsAndSaysWhyInHelmsWords() throws Exception {
    writeChart();
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployment("dev", "shop-web") != null);
      String version = deployment("dev", "shop-web").getMetadata().getResourceVersion();

      project.write("deploy/chart/templates/broken.yaml", "value: {{ .Values.missing.key }}\n");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(devd.stdout())
                      .contains(
                          "devd.yaml:2:5: k8sYaml[0]: helm cannot render the chart \"deploy/chart\"; fix the chart or its values "
                              + "(Helm's message follows)",
                          "  template: shop/templates/broken.yaml:1:17: executing \"shop/templates/broken.yaml\" at "
                              + "<.Values.missing.key>: nil pointer evaluating interface {}.key",
                          "the Kubernetes YAML has problems; the running config stays in effect"));
      assertThat(deployment("dev", "shop-web").getMetadata().getResourceVersion())
          .isEqualTo(version);

      Files.delete(project.path("deploy/chart/templates/broken.yaml"));
      project.write("deploy/dev-values.yaml", "greeting: fixed\n");
      await()
          .atMost(WAIT)
          .until(() -> env(deployment("dev", "shop-web"), "GREETING").equals("fixed"));
      assertThat(project.lines("builds.log")).hasSize(1);
    }
  }

  @Test
  void aKustomizeOverlayIsDeployedThroughKubectlAndAnEditOfItsBaseRedeploysWithoutABuild()
      throws Exception {
    project.write("deploy/base/kustomization.yaml", "resources: [deployment.yaml]\n");
    project.write("deploy/base/deployment.yaml", YamlFixtures.deployment("web", "web", "base"));
    project.write(
        "deploy/overlays/dev/kustomization.yaml", "resources: [../../base]\nnamePrefix: dev-\n");
    project.write("devd.yaml", "k8sYaml: [{kustomize: deploy/overlays/dev}]\n" + IMAGE);
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployment("default", "dev-web") != null);
      assertThat(container(deployment("default", "dev-web")).getImage()).isEqualTo("web:build-1");

      project.write(
          "deploy/base/deployment.yaml",
          Files.readString(project.path("deploy/base/deployment.yaml"))
              .replace("value: base}", "value: edited}"));
      await()
          .atMost(WAIT)
          .until(() -> env(deployment("default", "dev-web"), "MODE").equals("edited"));
      assertThat(project.lines("builds.log")).as("the redeploy built nothing").hasSize(1);
      assertThat(devd.stdout()).contains("[dev-web] → dev-web:deployment");
    }
  }

  @Test
  void aCommandsYamlIsDeployedAndAChangeToItsDepsRendersItAgain() throws Exception {
    project.write("gen-yaml.sh", "#!/bin/sh\ncat templates/*.yaml\n");
    project.path("gen-yaml.sh").toFile().setExecutable(true);
    project.write("templates/web.yaml", YamlFixtures.deployment("generated", "web", "one"));
    project.write(
        "devd.yaml", "k8sYaml: [{cmd: ./gen-yaml.sh, deps: [gen-yaml.sh, templates]}]\n" + IMAGE);
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployment("default", "generated") != null);
      assertThat(container(deployment("default", "generated")).getImage()).isEqualTo("web:build-1");

      project.write(
          "templates/web.yaml",
          Files.readString(project.path("templates/web.yaml"))
              .replace("value: one}", "value: two}"));
      await()
          .atMost(WAIT)
          .until(() -> env(deployment("default", "generated"), "MODE").equals("two"));
      assertThat(project.lines("builds.log")).as("the redeploy built nothing").hasSize(1);
    }
  }

  @Test
  void renderPrintsTheYamlWithTheRefsDevdLastDeployed() throws Exception {
    writeChart();
    DevdProcess.Result before = DevdProcess.run(project.root(), "render");
    assertThat(before.exitCode()).isZero();
    assertThat(before.stdout())
        .startsWith(
            "# devd has not deployed web for this project yet: its ref is left as the YAML writes it\n---\n");
    assertThat(before.stdout())
        .contains(
            "image: web\n", "name: shop-cache", "namespace: dev", "devd.dev/resource: shop-web");

    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployment("dev", "shop-web") != null);
      await().atMost(WAIT).until(() -> Files.exists(project.path(".devd/deployed-images")));
    }
    DevdProcess.Result after = DevdProcess.run(project.root(), "render", "shop-web");
    assertThat(after.exitCode()).isZero();
    assertThat(after.stdout()).startsWith("---\napiVersion: apps/v1\nkind: Deployment\n");
    assertThat(after.stdout())
        .contains("image: web:build-1\n", "imagePullPolicy: IfNotPresent")
        .doesNotContain("shop-cache", "# devd has not deployed");

    DevdProcess.Result unknown = DevdProcess.run(project.root(), "render", "shop");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("unknown resource \"shop\"");
  }

  @Test
  void validateRendersEverySourceAndReportsAMissingKustomizeAndAFailingCommand() throws Exception {
    project.write("deploy/dev/kustomization.yaml", "resources: []\n");
    project.write(
        "devd.yaml",
        """
        k8sYaml:
          - kustomize: deploy/dev
          - cmd: "echo 'no template named web' >&2; exit 3"
        """
            + IMAGE);
    // PATH without kubectl and kustomize: an empty folder. The cmd source runs sh by its full path.
    Path emptyBin = Files.createDirectories(temp.resolve("empty-bin"));
    project.write(
        "devd.yaml",
        Files.readString(project.path("devd.yaml"))
            .replace("cmd: \"", "cmd: [/bin/sh, -c, \"")
            .replace("exit 3\"", "exit 3\"]"));

    DevdProcess.Result result =
        DevdProcess.run(project.root(), Map.of("PATH", emptyBin.toString()), "validate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().lines().toList())
        .containsExactly(
            "devd.yaml:2:5: k8sYaml[0]: neither kustomize nor kubectl is on PATH, and one of them renders \"deploy/dev\"; "
                + "install kubectl, which has kustomize built in (https://kubernetes.io/docs/tasks/tools/), or kustomize "
                + "(https://kubectl.docs.kubernetes.io/installation/kustomize/), then run devd again",
            "devd.yaml:3:5: k8sYaml[1]: `/bin/sh -c 'echo '\\''no template named web'\\'' >&2; exit 3'` exited with 3; fix "
                + "the command; it must print Kubernetes YAML and exit with 0 (its stderr follows)",
            "  no template named web",
            "devd.yaml has 2 problems; nothing was started.");
  }
}
