package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.Kubelet;
import dev.devd.testing.MockCluster;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TestProject;
import dev.devd.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * devd up and devd ci as users run them, against fabric8's mock API server standing in for a
 * cluster, with images built for real by buildah into the local store. What the mock cannot
 * imitate: server-side apply (devd falls back to create-or-replace, see ApplierIT) and running pods
 * (the test writes pod statuses as a kubelet would).
 */
class KubernetesLoopIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern CONTENT_TAG = Pattern.compile("web:devd-[0-9a-f]{16}");

  @TempDir Path temp;
  private TestProject project;
  private MockCluster cluster;
  private ScratchImages images;

  @BeforeEach
  void setUp() throws Exception {
    project = new TestProject(temp.resolve("project"));
    cluster = MockCluster.start(Files.createDirectories(temp.resolve("cluster")));
    images = new ScratchImages(Files.createDirectories(temp.resolve("images")));
    project.write("src/content.txt", "v1");
    project.write("src/notes.txt", "not part of the image");
    project.write(
        "build.sh",
        """
        #!/bin/sh
        # A scratch image holding src/content.txt; --timestamp 0 makes equal content give an equal image id.
        set -eu
        echo build >> builds.log
        ctr=$(buildah from scratch)
        buildah copy "$ctr" src/content.txt /content.txt >/dev/null
        buildah commit --quiet --timestamp 0 "$ctr" "$EXPECTED_REF" >/dev/null
        buildah rm "$ctr" >/dev/null
        """);
    project.path("build.sh").toFile().setExecutable(true);
    project.write("k8s/app.yaml", deployment() + "---\n" + configMap());
    project.write(
        "devd.yaml",
        """
        k8sYaml: [k8s/app.yaml]
        images:
          - ref: web
            command: ./build.sh
            deps: [src, build.sh]
        """);
  }

  @AfterEach
  void tearDown() {
    images.close();
    cluster.close();
  }

  private static String deployment() {
    return YamlFixtures.deployment("web", "web", "dev");
  }

  private static String configMap() {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {greeting: hello}
        """;
  }

  private Map<String, String> env() {
    return Map.of("KUBECONFIG", cluster.kubeconfig().toString());
  }

  private Deployment deployed() {
    return cluster.client().apps().deployments().inNamespace("default").withName("web").get();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private void adoptBuiltImages() {
    for (String line :
        images.run(
            "podman",
            "images",
            "--format",
            "{{.Repository}}:{{.Tag}}",
            "--filter",
            "reference=web")) {
      images.adopt(line);
    }
  }

  @Test
  void aSaveRedeploysWithANewContentTagAndEqualContentChangesNothing() throws Exception {
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await()
          .atMost(WAIT)
          .until(() -> deployed() != null && CONTENT_TAG.matcher(image(deployed())).matches());
      String first = image(deployed());
      String firstVersion = deployed().getMetadata().getResourceVersion();
      // The listing is printed once the apply request has returned, a moment after the object
      // exists.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(devd.stdout())
                      .contains(
                          "[web] STEP 1/2 — Building Custom Build: [web]",
                              "[web] Skipping push: no registry is set",
                          "[web] STEP 2/2 — Deploying", "[web] → web:deployment"));

      project.write("src/notes.txt", "edited, but not copied into the image");
      await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("builds.log")).hasSize(2));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(devd.stdout().split("STEP 2/2 — Deploying", -1)).hasSize(3));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(devd.stdout().split("→ web:deployment", -1)).hasSize(3));
      assertThat(image(deployed())).isEqualTo(first);
      assertThat(deployed().getMetadata().getResourceVersion())
          .as("re-applying equal content changes nothing")
          .isEqualTo(firstVersion);

      project.write("src/content.txt", "v2");
      await().atMost(WAIT).until(() -> !image(deployed()).equals(first));
      assertThat(image(deployed())).matches(CONTENT_TAG);

      project.write("k8s/app.yaml", deployment());
      await()
          .atMost(WAIT)
          .until(
              () ->
                  cluster.client().configMaps().inNamespace("default").withName("web-config").get()
                      == null);
      devd.signal("TERM");
      assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(devd.process().exitValue()).isZero();
    } finally {
      adoptBuiltImages();
    }
  }

  @Test
  void restartProcessRunsTheImagesEntrypointUnderTheSupervisor() throws Exception {
    project.write(
        "build.sh",
        Files.readString(project.path("build.sh"))
            .replace(
                "buildah commit",
                "buildah config --entrypoint '[\"/app/server\", \"--dev\"]' \"$ctr\"\nbuildah commit"));
    project.write(
        "devd.yaml",
        """
        k8sYaml: [k8s/app.yaml]
        images:
          - ref: web
            command: ./build.sh
            deps: [src, build.sh]
            liveUpdate:
              - sync: {local: src, remote: /app/src}
              - restartProcess
        """);
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "up", "--port", "0")) {
      await().atMost(WAIT).until(() -> deployed() != null);

      var container = deployed().getSpec().getTemplate().getSpec().getContainers().getFirst();
      assertThat(container.getCommand())
          .hasSize(4)
          .startsWith("/bin/sh", "-c")
          .endsWith("devd-restart-supervisor");
      assertThat(container.getCommand().get(2)).contains("trap 'restart=1;");
      assertThat(container.getArgs())
          .as("the entrypoint, read from the local store")
          .containsExactly("/app/server", "--dev");
      assertThat(container.getEnv())
          .anySatisfy(
              env -> {
                assertThat(env.getName()).isEqualTo("DEVD_RESTART_PIDFILE");
                assertThat(env.getValue()).isEqualTo("/dev/shm/devd-restart-web.pid");
              });
    } finally {
      adoptBuiltImages();
    }
  }

  @Test
  void aContextThatIsNeitherLocalNorAllowedIsRefusedBeforeAnyBuild() throws Exception {
    Path kubeconfig = temp.resolve("prod-kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: prod-cluster
        contexts:
          - name: prod-cluster
            context: {cluster: prod, user: admin}
        clusters:
          - name: prod
            cluster: {server: "https://10.1.2.3:6443"}
        users:
          - name: admin
            user: {token: secret}
        """);

    DevdProcess.Result result =
        DevdProcess.run(
            project.root(), Map.of("KUBECONFIG", kubeconfig.toString()), "up", "--port", "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .contains(
            "refusing to deploy to Kubernetes context \"prod-cluster\"",
            "allowK8sContexts: [prod-cluster]");
    assertThat(project.lines("builds.log")).as("nothing was built").isEmpty();
  }

  @Test
  void ciSucceedsWhenThePodsReportReady() throws Exception {
    try (DevdProcess devd = DevdProcess.start(project.root(), env(), "ci", "--timeout", "2m")) {
      await().atMost(WAIT).until(() -> deployed() != null);
      Kubelet kubelet = new Kubelet(cluster.client(), "default");
      kubelet.create("web-abc", Map.of("app", "web", "devd.dev/resource", "web"), "web");
      kubelet.running("web-abc", true);

      assertThat(devd.process().waitFor(60, TimeUnit.SECONDS)).as("devd ci ended").isTrue();
      assertThat(devd.process().exitValue()).isZero();
      assertThat(devd.stdout()).contains("SUCCESS. All workloads are healthy.");
    } finally {
      adoptBuiltImages();
    }
  }

  @Test
  void ciFailsWithTheBuildErrorWhenABuildFails() throws Exception {
    project.write("build.sh", "#!/bin/sh\necho 'cannot compile' >&2\nexit 4\n");

    DevdProcess.Result result = DevdProcess.run(project.root(), env(), "ci", "--timeout", "2m");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout())
        .contains(
            "[web] cannot compile", "ERROR: web: build failed: `./build.sh` exited with 4 after");
    assertThat(cluster.client().apps().deployments().inNamespace("default").withName("web").get())
        .as("a failed build applies nothing")
        .isNull();
  }
}
