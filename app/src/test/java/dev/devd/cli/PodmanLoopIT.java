package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.SiteProject;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * devd up on the podman runtime with real containers: a static busybox image built from scratch by
 * buildah serves the project's site folder; live update copies saved files into the running
 * container without a build.
 */
class PodmanLoopIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;
  private TestProject project;
  private String name;
  private SiteProject site;
  private DevdProcess devd;

  @BeforeEach
  void setUp() throws IOException {
    project = new TestProject(temp.resolve("project"));
    name = "lu-" + UUID.randomUUID().toString().substring(0, 8);
    site = SiteProject.write(project, name);
    project.write(
        "devd.yaml",
        """
        runtime: podman
        k8sYaml: [k8s/app.yaml]
        images:
          - ref: %s
            command: ./build.sh
            deps: [site, build.sh]
            liveUpdate:
              - fallBackOn: [build.sh]
              - sync: {local: site, remote: /site}
              - run: {cmd: "echo a >> /site/a.log", trigger: [site/a.txt]}
              - run: {cmd: "echo b >> /site/b.log", trigger: [site/b.txt]}
              - run: {cmd: "test ! -e /site/fail.txt", trigger: [site/fail.txt]}
        """
            .formatted(name));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (devd != null) devd.stop();
    DevdProcess.run(project.root(), "down");
    ScratchImages.removeImages(temp.resolve("images"), name);
  }

  private void startAndAwaitServed() throws IOException {
    devd = DevdProcess.start(project.root(), "up", "--port", "0");
    await().atMost(WAIT).until(() -> served("index.html").equals("one"));
  }

  private String served(String file) {
    return site.served(file);
  }

  private int builds() {
    return site.builds();
  }

  @Test
  void aSaveUnderASyncPathIsServedWithoutABuildAndADeletedFileDisappears() throws Exception {
    startAndAwaitServed();

    project.write("site/index.html", "two");
    project.write("site/new.html", "new");
    await()
        .atMost(WAIT)
        .until(() -> served("index.html").equals("two") && served("new.html").equals("new"));
    Files.delete(project.path("site/new.html"));
    await().atMost(WAIT).until(() -> served("new.html").equals("HTTP 404"));

    assertThat(builds()).as("no image build after the first").isEqualTo(1);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(devd.stdout()).contains("files copied to " + name + "-pod-0/web"));
  }

  @Test
  void onlyRunStepsWhoseTriggerMatchesRun() throws Exception {
    startAndAwaitServed();

    project.write("site/a.txt", "trigger a");

    await().atMost(WAIT).until(() -> served("a.log").equals("a\n"));
    assertThat(served("b.log")).isEqualTo("HTTP 404");
    assertThat(builds()).isEqualTo(1);
  }

  @Test
  void aFailingRunIsReportedAndTheFilesStaySynced() throws Exception {
    startAndAwaitServed();

    project.write("site/fail.txt", "makes the run step fail");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "run \"test ! -e /site/fail.txt\" in " + name + "-pod-0/web: exited with 1")
                    .contains("the files are synced, save a file to try again"));
    assertThat(served("fail.txt")).isEqualTo("makes the run step fail");
    assertThat(builds()).as("a failed run does not rebuild").isEqualTo(1);
  }

  @Test
  void aFallBackOnSaveRebuildsAndRedeploys() throws Exception {
    startAndAwaitServed();
    project.write("site/index.html", "synced before the rebuild");
    await().atMost(WAIT).until(() -> served("index.html").equals("synced before the rebuild"));

    project.write(
        "build.sh",
        Files.readString(project.path("build.sh")) + "# a change that needs a new image\n");

    await().atMost(WAIT).until(() -> builds() == 2);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(devd.stdout()).contains("full build: ", "build.sh"));
    await().atMost(WAIT).until(() -> served("index.html").equals("synced before the rebuild"));
  }

  @Test
  void aContainerKilledBehindDevdsBackIsStillServingTheSyncedFiles() throws Exception {
    startAndAwaitServed();
    project.write("site/index.html", "synced");
    await().atMost(WAIT).until(() -> served("index.html").equals("synced"));

    new ProcessBuilder("podman", "kill", name + "-pod-0-web").inheritIO().start().waitFor();

    await().atMost(WAIT).until(() -> served("index.html").equals("synced"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(() -> served("index.html").equals("synced"));
  }

  @Test
  void aContainerKilledBehindDevdsBackIsNamedOnTheTerminalAndShownOnTheStatusBoard()
      throws Exception {
    startAndAwaitServed();
    // devd has looked at the running container (a container that stopped before devd's first look
    // is not news).
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(status()).contains("\"phase\":\"Running\""));

    podman("kill", name + "-pod-0-web");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "["
                            + name
                            + "] container "
                            + name
                            + "-pod-0/web stopped with exit code 137, not by devd; `devd trigger "
                            + name
                            + "` deploys it again"));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(status()).contains("\"phase\":\"Exited (137)\""));

    podman("rm", "-f", name + "-pod-0-web");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(devd.stdout())
                    .contains(
                        "["
                            + name
                            + "] container "
                            + name
                            + "-pod-0/web was removed, not by devd; `devd trigger "
                            + name
                            + "` deploys it again"));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(status()).contains("\"phase\":\"Removed\""));
    DevdProcess.run(project.root(), "trigger", name);
    await().atMost(WAIT).until(() -> served("index.html").equals("one"));
  }

  private String status() throws Exception {
    return DevdProcess.run(project.root(), "status", "--json").stdout();
  }

  private static void podman(String... args) throws Exception {
    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("podman"));
    argv.addAll(java.util.List.of(args));
    assertThat(new ProcessBuilder(argv).inheritIO().start().waitFor()).isZero();
  }
}
