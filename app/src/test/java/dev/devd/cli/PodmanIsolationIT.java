package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.BusyboxImage;
import dev.devd.testing.DevdProcess;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TestProject;
import dev.devd.testing.YamlFixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * devd up on the podman runtime in two projects at once, with real containers: pods belong to the
 * project that played them, and nothing is published on other interfaces than the ones the YAML or
 * devd.yaml asks for. Which addresses listen is read from {@code /proc/net/tcp} and {@code
 * /proc/net/tcp6}, where podman's conmon holds published ports.
 */
class PodmanIsolationIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path temp;
  private final String name = "iso-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<TestProject> projects = new ArrayList<>();
  private final List<DevdProcess> running = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (DevdProcess devd : running) devd.stop();
    for (TestProject project : projects) DevdProcess.run(project.root(), "down");
    ScratchImages.removeImages(temp.resolve("images"), name + "*");
  }

  @Test
  void aSecondProjectWithTheSameDeploymentIsRefusedAndDownInEitherLeavesTheOtherRunning()
      throws Exception {
    int portA = freePort();
    int portB = freePort();
    TestProject a =
        project(
            "a",
            deployment(name, name + "-a", "{containerPort: 8080, hostPort: " + portA + "}"),
            "");
    TestProject b =
        project(
            "b",
            deployment(name, name + "-b", "{containerPort: 8080, hostPort: " + portA + "}")
                + "---\n"
                + deployment(
                    name + "-other", name + "-b", "{containerPort: 8080, hostPort: " + portB + "}"),
            "");
    DevdProcess devdA = up(a);
    await().atMost(WAIT).until(() -> served(portA).equals("site of a"));

    DevdProcess devdB = up(b);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devdB.stdout())
                    .contains(
                        "["
                            + name
                            + "] deploy failed: pod \""
                            + name
                            + "-pod-0\" belongs to the devd project in "
                            + a.root()
                            + ", and playing "
                            + name
                            + " would replace it;"
                            + " rename the workload in this project's YAML, or run devd down in "
                            + a.root()
                            + " first"));
    await().atMost(WAIT).until(() -> served(portB).equals("site of b"));
    assertThat(served(portA)).isEqualTo("site of a");
    // The YAML names no hostIP: devd published the port on 127.0.0.1 only, and said so.
    assertThat(listeners(portA)).containsExactly("127.0.0.1");
    assertThat(devdA.stdout())
        .contains("podman: hostPort " + portA + " of container web is published on 127.0.0.1 only");

    devdB.stop();
    assertThat(DevdProcess.run(b.root(), "down").exitCode()).isZero();
    assertThat(served(portA)).isEqualTo("site of a");
    assertThat(served(portB)).startsWith("unreachable");

    DevdProcess devdB2 = up(b);
    await().atMost(WAIT).until(() -> served(portB).equals("site of b"));
    devdA.stop();
    assertThat(DevdProcess.run(a.root(), "down").exitCode()).isZero();
    assertThat(served(portA)).startsWith("unreachable");
    assertThat(served(portB)).isEqualTo("site of b");
    devdB2.stop();
  }

  @Test
  void aPortForwardIsServedOnLoopbackAndNoContainerPortIsPublishedOnEveryInterface()
      throws Exception {
    int forwarded = freePort();
    int declared = freePort();
    TestProject project =
        project(
            "p",
            deployment(
                name, name + "-p", "{containerPort: 8080}, {containerPort: " + declared + "}"),
            "resources:\n  " + name + ": {portForwards: [\"" + forwarded + ":8080\"]}\n");
    DevdProcess devd = up(project);

    await().atMost(WAIT).until(() -> served(forwarded).equals("site of p"));

    assertThat(listeners(forwarded)).containsExactly("127.0.0.1");
    assertThat(listeners(declared))
        .as("podman 4.3 would publish a containerPort on 0.0.0.0")
        .isEmpty();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "["
                            + name
                            + "] forwarding"
                            + " http://127.0.0.1:"
                            + forwarded
                            + " → "
                            + name
                            + ":8080 (published by podman)",
                        "podman: containerPort "
                            + declared
                            + " of container web is not published"));
  }

  private TestProject project(String id, String yaml, String moreConfig) {
    TestProject project = new TestProject(temp.resolve(id));
    projects.add(project);
    project.write("site/index.html", "site of " + id);
    project.write("build.sh", BusyboxImage.buildScript(false, "site", BusyboxImage.httpd("site")));
    project.path("build.sh").toFile().setExecutable(true);
    project.write("k8s/app.yaml", yaml);
    project.write(
        "devd.yaml",
        """
        runtime: podman
        k8sYaml: [k8s/app.yaml]
        images:
          - ref: %s-%s
            command: ./build.sh
            deps: [site, build.sh]
        %s"""
            .formatted(name, id, moreConfig));
    return project;
  }

  private static String deployment(String deployment, String image, String ports) {
    return YamlFixtures.publishing(deployment, image, ports);
  }

  private DevdProcess up(TestProject project) throws IOException {
    DevdProcess devd = DevdProcess.start(project.root(), "up", "--port", "0");
    running.add(devd);
    return devd;
  }

  /**
   * The IPv4 or IPv6 addresses on which something listens on {@code port}, as {@code 127.0.0.1} or
   * {@code ::}.
   */
  private static List<String> listeners(int port) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (!fields[3].equals("0A") || Integer.parseInt(local[1], 16) != port) continue;
        addresses.add(address(local[0]));
      }
    }
    return addresses;
  }

  // /proc/net/tcp writes addresses as little-endian 32-bit words in hex.
  private static String address(String hex) {
    List<String> parts = new ArrayList<>();
    if (hex.length() == 8) {
      for (int i = 6; i >= 0; i -= 2)
        parts.add(Integer.toString(Integer.parseInt(hex.substring(i, i + 2), 16)));
      return String.join(".", parts);
    }
    return hex.equals("00000000000000000000000000000000") ? "::" : hex;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String served(int port) {
    return BusyboxImage.served(port, "");
  }
}
