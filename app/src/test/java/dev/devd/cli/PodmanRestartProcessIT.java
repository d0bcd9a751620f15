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
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restartProcess on the podman runtime with real containers: a program that reads its message only
 * when it starts serves the new message after a synced edit, from the same container. The image
 * names its entrypoint and the YAML names no command, so devd reads the entrypoint from the local
 * store.
 */
class PodmanRestartProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path temp;
  private TestProject project;
  private final String name = "rp-" + UUID.randomUUID().toString().substring(0, 8);
  private int port;
  private DevdProcess devd;

  @BeforeEach
  void setUp() throws IOException {
    project = new TestProject(temp.resolve("project"));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    project.write("app/message.txt", "hello v1");
    project.write(
        "app/start.sh",
        """
        #!/bin/sh
        # Reads the message once, when it starts, and serves it.
        mkdir -p /www
        cat /app/message.txt > /www/index.html
        echo "serving $(cat /app/message.txt)"
        exec httpd -f -p 8080 -h /www
        """);
    project.path("app/start.sh").toFile().setExecutable(true);
    project.write(
        "k8s/app.yaml",
        YamlFixtures.publishing(
            name, name, "{containerPort: 8080, hostPort: " + port + ", hostIP: 127.0.0.1}"));
    project.write(
        "devd.yaml",
        """
        runtime: podman
        k8sYaml: [k8s/app.yaml]
        images:
          - ref: %s
            command: ./build.sh
            deps: [app, build.sh]
            liveUpdate:
              - sync: {local: app, remote: /app}
              - restartProcess
        """
            .formatted(name));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (devd != null) devd.stop();
    DevdProcess.run(project.root(), "down");
    ScratchImages.removeImages(temp.resolve("images"), name);
  }

  @Test
  void aSyncedEditIsServedAfterTheProcessRestartsInTheSameContainer() throws Exception {
    writeBuild(true);
    devd = DevdProcess.start(project.root(), "up", "--port", "0");
    await().atMost(WAIT).until(() -> served().equals("hello v1"));
    String container = containerId();

    project.write("app/message.txt", "hello v2");

    await().atMost(WAIT).until(() -> served().equals("hello v2"));
    assertThat(containerId()).as("the same container").isEqualTo(container);
    assertThat(project.lines("builds.log")).as("no build after the first").hasSize(1);
    // The container's own line reaches devd through podman logs -f, which may be after the page
    // already answers.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "[" + name + "] restarting the process of " + name + "-pod-0/web (",
                        "[" + name + "] devd restartProcess: restarting /app/start.sh",
                        "[" + name + "] serving hello v2"));
  }

  @Test
  void anImageWithoutAShellIsNamedWithWhatToDo() throws Exception {
    writeBuild(false);

    devd = DevdProcess.start(project.root(), "up", "--port", "0");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "[" + name + "] deploy failed: " + name + ":devd-",
                        " has no /bin/sh, which restartProcess needs: devd runs the container's command under a small sh"
                            + " script that restarts it after a live update; add a shell to the image (busybox's sh, or a base image that"
                            + " has one), or remove restartProcess from its liveUpdate steps"));
  }

  /**
   * A build from scratch with busybox: with its applets (sh among them) installed, or with the
   * busybox binary only.
   */
  private void writeBuild(boolean withShell) {
    project.write(
        "build.sh",
        BusyboxImage.buildScript(
            withShell, "app", withShell ? "[\"/app/start.sh\"]" : BusyboxImage.httpd("app")));
    project.path("build.sh").toFile().setExecutable(true);
  }

  private String containerId() throws Exception {
    Process inspect =
        new ProcessBuilder(
                "podman", "container", "inspect", "--format", "{{.Id}}", name + "-pod-0-web")
            .redirectErrorStream(true)
            .start();
    String id = new String(inspect.getInputStream().readAllBytes()).strip();
    assertThat(inspect.waitFor()).as(id).isZero();
    return id;
  }

  private String served() {
    return BusyboxImage.served(port, "");
  }
}
