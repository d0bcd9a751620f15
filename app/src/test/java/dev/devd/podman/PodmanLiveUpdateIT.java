package dev.devd.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.devd.config.ConfigException;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.SyncPlanner;
import dev.devd.liveupdate.SyncResult;
import dev.devd.liveupdate.SyncResult.NeedsFullUpdate;
import dev.devd.liveupdate.SyncResult.Synced;
import dev.devd.liveupdate.Syncer;
import dev.devd.liveupdate.UpdatePlan;
import dev.devd.liveupdate.UpdatePlan.LiveUpdate;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live update into real podman containers: a tiny image built from scratch with buildah (static
 * busybox, whose httpd serves /site on a free 127.0.0.1 port through the host network), played as a
 * Deployment with {@code podman kube play}, then changed through SyncPlanner, Syncer and
 * PodmanContainerTransport, and checked over HTTP. Needs buildah, podman, runc, catatonit and
 * busybox-static, and the settings of {@code scripts/lib/runtime.sh} ({@code
 * devd_container_settings}) in the environment.
 */
class PodmanLiveUpdateIT {
  static final ProcessRunner runner = new ProcessRunner();
  static final HttpClient http = HttpClient.newHttpClient();
  @TempDir static Path imageDir;
  static ScratchImages images;

  /** An image whose busybox has all its applets linked (sh, tar, rm, …). */
  static String fullImage;

  /** An image with busybox alone: no tar, no rm, no shell on the PATH. */
  static String bareImage;

  @TempDir Path root;
  TestProject project;
  PodmanCli podman;
  ConsoleCapture console;
  String name;
  int port;
  Path yaml;

  @BeforeAll
  static void buildImages() throws IOException {
    images = new ScratchImages(imageDir);
    Path site = imageDir.resolve("site");
    Files.createDirectories(site);
    Files.writeString(site.resolve("index.html"), "built\n");
    String id = UUID.randomUUID().toString().substring(0, 8);
    fullImage = build("localhost/devd-live-it-" + id + ":full", site, true);
    bareImage = build("localhost/devd-live-it-" + id + ":bare", site, false);
  }

  private static String build(String ref, Path site, boolean applets) {
    String busybox =
        Files.isExecutable(Path.of("/bin/busybox")) ? "/bin/busybox" : "/usr/bin/busybox";
    String container = images.run("buildah", "from", "scratch").getLast().strip();
    try {
      images.run("buildah", "copy", "-q", container, busybox, "/bin/busybox");
      if (applets)
        images.run(
            "buildah",
            "run",
            "--isolation",
            "chroot",
            container,
            "/bin/busybox",
            "--install",
            "-s",
            "/bin");
      images.run("buildah", "copy", "-q", container, site.toString(), "/site");
      // An image from scratch has no PATH, and podman kube play adds none: without it `rm` would
      // not be found.
      images.run("buildah", "config", "--env", "PATH=/bin", container);
      images.run("buildah", "commit", "-q", "--rm", container, ref);
    } catch (RuntimeException e) {
      images.run("buildah", "rm", container);
      throw e;
    }
    images.adopt(ref);
    return ref;
  }

  @AfterAll
  static void removeImages() {
    if (images != null) images.close();
  }

  private PodmanContainerTransport transport;

  @BeforeEach
  void setUp() throws IOException {
    project = new TestProject(root);
    project.write("site/index.html", "built\n");
    podman = new PodmanCli(runner, root);
    console = new ConsoleCapture();
    name = "devd-live-" + UUID.randomUUID().toString().substring(0, 8);
    port = freePort();
    yaml = root.resolve("deploy.yaml");
    transport = new PodmanContainerTransport(podman, Duration.ofSeconds(1), id -> {});
  }

  @AfterEach
  void tearDown() throws PodmanException {
    transport.close();
    console.close();
    if (Files.exists(yaml)) podman.down(yaml);
  }

  @Test
  void copiesAChangedFileIntoTheRunningContainerWithoutABuild() throws Exception {
    ImageConfig image = image("- sync: {local: site/, remote: /site/}");
    PlayResult played =
        play(
            fullImage,
            """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s}
        spec:
          selector: {app: %s}
          ports: [{port: 80}]
        """
                .formatted(name, name));
    assertThat(played.pods()).hasSize(1); // the Service is passed over
    assertThat(played.pods().getFirst().name()).isEqualTo(name + "-pod-0");
    assertThat(played.pods().getFirst().containers()).containsExactly(name + "-pod-0-web");
    List<ContainerRef> before = containers();
    assertThat(before)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.running()).isTrue();
              assertThat(c.displayName()).isEqualTo(name + "-pod-0/web");
              assertThat(c.image()).isEqualTo(fullImage);
            });
    awaitServed("index.html", "built");

    project.write("site/hello.txt", "synced\n");
    project.write("site/index.html", "changed\n");
    SyncResult result = sync(image, List.of("site/hello.txt", "site/index.html"), before);

    assertThat(result).isInstanceOf(Synced.class);
    awaitServed("hello.txt", "synced");
    awaitServed("index.html", "changed");
    assertThat(containers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.address())
                  .isEqualTo(
                      before.getFirst().address()); // the same container: nothing was rebuilt
              assertThat(c.startedAt()).isEqualTo(before.getFirst().startedAt());
            });
    assertThat(console.lines())
        .anyMatch(
            line ->
                line.matches(
                    "\\[web] live update: 2 files copied to "
                        + name
                        + "-pod-0/web in \\d+(ms|\\.\\ds|s)"));
  }

  @Test
  void aDeletedFileDisappearsFromTheContainer() throws Exception {
    ImageConfig image = image("- sync: {local: site/, remote: /site/}");
    project.write("site/doomed.txt", "here\n");
    play(fullImage, "");
    sync(image, List.of("site/doomed.txt"), containers());
    awaitServed("doomed.txt", "here");

    Files.delete(project.path("site/doomed.txt"));
    SyncResult result = sync(image, List.of("site/doomed.txt"), containers());

    assertThat(result).isInstanceOf(Synced.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(get("doomed.txt").statusCode()).isEqualTo(404));
    assertThat(console.lines())
        .contains(
            "[web] live update: 1 path removed from "
                + name
                + "-pod-0/web in "
                + lastDuration("removed from"));
  }

  @Test
  void runsOnlyTheRunStepsWhoseTriggerChanged() throws Exception {
    ImageConfig image =
        image(
            """
        - sync: {local: site/, remote: /site/}
        - run: {cmd: "echo a >> /site/ran-a.txt", trigger: [site/a/]}
        - run: {cmd: "echo b >> /site/ran-b.txt", trigger: [site/b/]}
        - run: [/bin/sh, -c, "echo always >> /site/ran-always.txt"]
        """);
    play(fullImage, "");
    project.write("site/a/page.txt", "a page\n");

    SyncResult result = sync(image, List.of("site/a/page.txt"), containers());

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced -> assertThat(synced.containers().getFirst().runsSucceeded()).isEqualTo(2));
    awaitServed("a/page.txt", "a page");
    awaitServed("ran-a.txt", "a");
    awaitServed("ran-always.txt", "always");
    assertThat(get("ran-b.txt").statusCode()).isEqualTo(404);
    assertThat(console.lines())
        .contains(
            "[web] run \"echo a >> /site/ran-a.txt\" in " + name + "-pod-0/web",
            "[web] run \"/bin/sh -c 'echo always >> /site/ran-always.txt'\" in "
                + name
                + "-pod-0/web");
  }

  @Test
  void aFailingRunStepIsReportedAndTheFilesStaySynced() throws Exception {
    ImageConfig image =
        image(
            """
        - sync: {local: site/, remote: /site/}
        - run: "echo compiling; echo 'error: bad input' >&2; exit 3"
        - run: "echo never >> /site/never.txt"
        """);
    play(fullImage, "");
    project.write("site/page.txt", "new page\n");

    SyncResult result = sync(image, List.of("site/page.txt"), containers());

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced -> {
              SyncResult.RunFailure failure = synced.failedRun().orElseThrow();
              assertThat(failure.command())
                  .isEqualTo("echo compiling; echo 'error: bad input' >&2; exit 3");
              assertThat(failure.problem()).startsWith("exited with 3 after ");
              assertThat(failure.lastOutput())
                  .containsExactlyInAnyOrder("compiling", "error: bad input");
            });
    awaitServed("page.txt", "new page");
    assertThat(get("never.txt").statusCode()).isEqualTo(404);
    String container = name + "-pod-0/web";
    assertThat(console.lines())
        .contains(
            "[web] compiling",
            "[web] error: bad input",
            "[web] skipping 1 later run step in " + container,
            "[web] the files stay synced in " + container + "; save a file to try again");
    assertThat(console.lines())
        .anyMatch(
            line ->
                line.startsWith(
                        "[web] run \"echo compiling; echo 'error: bad input'"
                            + " >&2; exit 3\" failed in "
                            + container
                            + ": exited with 3 after ")
                    && line.endsWith("(its output is above)"));
  }

  @Test
  void copiesIntoAContainerThatHasNoTarAndExplainsAMissingRm() throws Exception {
    ImageConfig image = image("- sync: {local: site/, remote: /site/}");
    play(bareImage, "");
    ProcessResult tar =
        podman.exec(
            name + "-pod-0-web", List.of("tar", "--help"), line -> {}, Duration.ofSeconds(30));
    assertThat(tar.exitCode()).as("the bare image has no tar").isEqualTo(127);

    project.write("site/hello.txt", "no tar needed\n");
    assertThat(sync(image, List.of("site/hello.txt"), containers())).isInstanceOf(Synced.class);
    awaitServed("hello.txt", "no tar needed");

    Files.delete(project.path("site/hello.txt"));
    SyncResult removal = sync(image, List.of("site/hello.txt"), containers());

    assertThat(removal)
        .isInstanceOfSatisfying(
            NeedsFullUpdate.class,
            full ->
                assertThat(full.reason())
                    .isEqualTo(
                        name
                            + "-pod-0/web has no `rm`, which devd needs to remove"
                            + " files deleted locally: add it to the image (apk add coreutils, apt-get install coreutils), or use a base"
                            + " image that has it (busybox, alpine, debian-slim); if the image has it, set PATH in the image so that it"
                            + " is found"));
  }

  @Test
  void restartsTheContainerAfterSyncingAndTheFilesSurviveIt() throws Exception {
    ImageConfig image =
        image(
            """
        - sync: {local: site/, remote: /site/}
        - restartContainer: true
        """);
    play(fullImage, "");
    List<ContainerRef> before = containers();
    project.write("site/hello.txt", "after restart\n");

    SyncResult result = sync(image, List.of("site/hello.txt"), before);

    assertThat(result)
        .isInstanceOfSatisfying(
            Synced.class,
            synced -> assertThat(synced.containers().getFirst().restarted()).isTrue());
    // podman reports the restarted container as running a moment after the restart returns.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(containers())
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.address()).isEqualTo(before.getFirst().address());
                          assertThat(c.running()).isTrue();
                          assertThat(c.startedAt()).isAfter(before.getFirst().startedAt());
                          assertThat(c.crashLooping()).isFalse();
                        }));
    // podman restarts the same container, whose files stay; a Kubernetes restart would start a
    // fresh one.
    awaitServed("hello.txt", "after restart");
    assertThat(console.lines())
        .anyMatch(line -> line.startsWith("[web] restarted " + name + "-pod-0/web in "));

    // The restart ended the shell that copied the file; the next save opens a new one.
    assertThat(execSessions(name + "-pod-0-web")).isZero();
    project.write("site/hello.txt", "after the next save\n");
    assertThat(sync(image, List.of("site/hello.txt"), containers())).isInstanceOf(Synced.class);
    awaitServed("hello.txt", "after the next save");
  }

  @Test
  void kubeDownRemovesThePodAndItsContainers() throws Exception {
    play(fullImage, "");
    assertThat(containers()).hasSize(1);

    podman.down(yaml);

    assertThat(containers()).isEmpty();
    assertThat(podman.containersOfPods(List.of(name + "-pod-0"))).isEmpty();
    podman.down(yaml); // a second down finds nothing to remove, which is no error
  }

  @Test
  void laterSavesGoThroughOneShellKeptInTheContainerWhichEndsWithDevd() throws Exception {
    ImageConfig image = image("- sync: {local: site/, remote: /site/}");
    play(fullImage, "");
    String container = name + "-pod-0-web";
    assertThat(execSessions(container)).isZero();

    for (int save = 1; save <= 3; save++) {
      project.write("site/index.html", "save " + save + "\n");
      assertThat(sync(image, List.of("site/index.html"), containers())).isInstanceOf(Synced.class);
      awaitServed("index.html", "save " + save);
      assertThat(execSessions(container)).as("exec sessions after save %d", save).isEqualTo(1);
    }

    transport.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> execSessions(container) == 0);
  }

  @Test
  void aSaveThatAddsAFileAndDeletesAFolderWithSpacesInItsNameDoesBothInTheContainersShell()
      throws Exception {
    ImageConfig image = image("- sync: {local: site/, remote: /site/}");
    project.write("site/old dir/a b.txt", "old\n");
    play(fullImage, "");
    String container = name + "-pod-0-web";
    sync(image, List.of("site/old dir/a b.txt"), containers());
    awaitServed("old%20dir/a%20b.txt", "old");

    Files.delete(project.path("site/old dir/a b.txt"));
    Files.delete(project.path("site/old dir"));
    project.write("site/new.txt", "new\n");
    SyncResult result =
        sync(image, List.of("site/old dir/a b.txt", "site/old dir", "site/new.txt"), containers());

    assertThat(result).isInstanceOf(Synced.class);
    awaitServed("new.txt", "new");
    assertThat(get("old%20dir/a%20b.txt").statusCode()).isEqualTo(404);
    assertThat(get("old%20dir/").statusCode()).isEqualTo(404);
    assertThat(execSessions(container)).as("one shell for the copy and the removal").isEqualTo(1);
  }

  // The container's exec sessions that run (podman forgets one when it ends).
  private int execSessions(String container) throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    ProcessResult listed =
        runner.run(
            ProcessSpec.of(
                List.of(
                    "podman",
                    "container",
                    "inspect",
                    "--format",
                    "{{range .ExecIDs}}{{println .}}{{end}}",
                    container),
                root),
            line -> {
              if (!line.isBlank()) ids.add(line.strip());
            });
    assertThat(listed.succeeded()).as("podman container inspect " + container).isTrue();
    return ids.size();
  }

  @Test
  void aFailedPlayQuotesPodmansErrorAndSaysWhatToDo() throws Exception {
    Files.writeString(
        yaml,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          hostNetwork: true
          containers: [{name: web, image: "localhost/devd-no-such-image-%s:1"}]
        """
            .formatted(name, name));

    assertThatThrownBy(() -> podman.play(yaml))
        .isInstanceOf(PodmanException.class)
        .hasMessageStartingWith(
            "`podman kube play --replace " + yaml + "` failed with exit code 125: Error: ")
        .hasMessageContaining("localhost/devd-no-such-image-" + name + ":1")
        .hasMessageEndingWith("; build the image first, or check its name in the YAML");
  }

  @Test
  void logsFollowTheContainersOutput() throws Exception {
    play(fullImage, "");
    List<String> lines = new CopyOnWriteArrayList<>();
    var logs = podman.logs(name + "-pod-0-web", java.util.Optional.empty(), lines::add);
    try {
      podman.exec(
          name + "-pod-0-web",
          List.of("/bin/sh", "-c", "echo from-exec > /proc/1/fd/1"),
          line -> {},
          Duration.ofSeconds(30));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(lines).contains("from-exec"));
    } finally {
      logs.stop();
    }
  }

  private ImageConfig image(String liveUpdate) throws ConfigException {
    String steps = liveUpdate.strip().indent(6);
    return project
        .config(
            """
        runtime: podman
        images:
          - ref: web
            command: make
            deps: [site/]
            liveUpdate:
        %s"""
                .formatted(steps))
        .images()
        .getFirst();
  }

  private PlayResult play(String imageRef, String moreYaml) throws Exception {
    Files.writeString(
        yaml,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s, labels: {app: %1$s}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              hostNetwork: true
              containers:
                - name: web
                  image: %2$s
                  command: [/bin/busybox, httpd, -f, -p, "127.0.0.1:%3$d", -h, /site]
        """
                .formatted(name, imageRef, port)
            + moreYaml);
    PlayResult result = podman.play(yaml);
    awaitServed("index.html", "built");
    return result;
  }

  private List<ContainerRef> containers() throws PodmanException {
    return podman.containers(Map.of("app", name)).stream().map(PodmanContainer::toRef).toList();
  }

  private SyncResult sync(ImageConfig image, List<String> changed, List<ContainerRef> containers) {
    List<Path> paths = changed.stream().map(project::path).toList();
    UpdatePlan plan = new SyncPlanner().plan(image, paths, containers, Files::exists);
    assertThat(plan).isInstanceOf(LiveUpdate.class);
    return new Syncer(transport)
        .apply(((LiveUpdate) plan).plan(), containers, new ResourceLog("web"));
  }

  private void awaitServed(String path, String body) {
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get(path);
              assertThat(response.statusCode()).isEqualTo(200);
              assertThat(response.body().strip()).isEqualTo(body);
            });
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String lastDuration(String marker) {
    List<String> matching =
        new ArrayList<>(console.lines().stream().filter(l -> l.contains(marker)).toList());
    String line = matching.getLast();
    return line.substring(line.lastIndexOf(" in ") + 4);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
