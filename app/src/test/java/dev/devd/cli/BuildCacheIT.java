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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input-digest build cache with devd as users run it, on the podman runtime with real
 * containers: an examples/hello-like project ({@link SiteProject}) whose build command counts its
 * runs in a marks file, started, stopped and started again.
 */
class BuildCacheIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Pattern TAGGED = Pattern.compile("Tagged \\S+ as (\\S+)");

  @TempDir Path temp;
  private TestProject project;
  private String name;
  private SiteProject site;
  private final List<DevdProcess> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    project = new TestProject(temp.resolve("project"));
    name = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    site = SiteProject.write(project, name);
    writeConfig("hi", 5);
  }

  private void writeConfig(String greeting, int keep) {
    project.write(
        "devd.yaml",
        """
        runtime: podman
        k8sYaml: [k8s/app.yaml]
        keep: %d
        images:
          - ref: %s
            command: ./build.sh
            deps: [site, build.sh]
            ignore: ["*.tmp"]
            env: {GREETING: %s}
        """
            .formatted(keep, name, greeting));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (DevdProcess devd : List.copyOf(started)) stop(devd);
    DevdProcess.run(project.root(), "down");
    ScratchImages.removeImages(temp.resolve("images"), name);
  }

  private DevdProcess up(String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("up", "--port", "0"));
    args.addAll(List.of(flags));
    DevdProcess devd = DevdProcess.start(project.root(), args.toArray(String[]::new));
    started.add(devd);
    return devd;
  }

  private void stop(DevdProcess devd) throws Exception {
    if (started.remove(devd)) devd.stop();
  }

  private String served() {
    return site.served("index.html");
  }

  private int builds() {
    return site.builds();
  }

  private static List<String> tagged(DevdProcess devd) throws IOException {
    List<String> refs = new ArrayList<>();
    Matcher m = TAGGED.matcher(devd.stdout());
    while (m.find()) refs.add(m.group(1));
    return refs;
  }

  /**
   * What the terminal says when the build of {@code ref} is taken from the cache (a time of day in
   * between).
   */
  private Pattern cachedLine(String ref) {
    return Pattern.compile(
        Pattern.quote("[" + name + "] cached: inputs unchanged since ")
            + "\\d\\d:\\d\\d, "
            + Pattern.quote(ref));
  }

  private List<String> digest() throws Exception {
    DevdProcess.Result result = DevdProcess.run(project.root(), "dump", "input-digest");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout().lines().toList();
  }

  @Test
  void aSecondUpOfAnUnchangedProjectRunsNoBuildAndDeploysTheSameRef() throws Exception {
    DevdProcess first = up();
    await().atMost(WAIT).until(() -> served().equals("one") && tagged(first).size() == 1);
    String ref = tagged(first).getFirst();
    stop(first);

    DevdProcess second = up();

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(second.stdout()).containsPattern(cachedLine(ref)));
    await().atMost(WAIT).until(() -> served().equals("one"));
    assertThat(builds()).isEqualTo(1);
    assertThat(tagged(second)).isEmpty();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(DevdProcess.run(project.root(), "status").stdout())
                    .contains("(cached)")
                    .contains(ref));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(runningImage()).containsAnyOf(ref, "localhost/" + ref));
  }

  @Test
  void anEditThenItsRevertIsNotBuiltAgain() throws Exception {
    DevdProcess devd = up();
    await().atMost(WAIT).until(() -> served().equals("one") && builds() == 1);
    String one = tagged(devd).getFirst();

    project.write("site/index.html", "two");
    await().atMost(WAIT).until(() -> served().equals("two") && builds() == 2);
    project.write("site/index.html", "one");

    await().atMost(WAIT).until(() -> served().equals("one"));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(devd.stdout()).containsPattern(cachedLine(one)));
    assertThat(builds()).isEqualTo(2);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(runningImage()).containsAnyOf(one, "localhost/" + one));
  }

  @Test
  void anEditOfAnIgnoredFileLeavesTheDigestAndAnEnvChangeDoesNot() throws Exception {
    List<String> before = digest();

    project.write("site/notes.tmp", "ignored by images[0].ignore");
    List<String> afterIgnored = digest();
    writeConfig("bye", 5);
    List<String> afterEnv = digest();

    assertThat(afterIgnored).isEqualTo(before);
    assertThat(afterEnv).hasSize(1).isNotEqualTo(before);
  }

  @Test
  void aChangeOfEnvWhileDevdRunsBuildsAndItsRevertIsTakenFromTheCache() throws Exception {
    DevdProcess devd = up();
    await().atMost(WAIT).until(() -> served().equals("one") && builds() == 1);
    String hi = tagged(devd).getFirst();

    writeConfig("bye", 5);
    await().atMost(WAIT).until(() -> builds() == 2);
    writeConfig("hi", 5);

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(devd.stdout()).containsPattern(cachedLine(hi)));
    await().atMost(WAIT).until(() -> served().equals("one"));
    assertThat(builds()).isEqualTo(2);
  }

  @Test
  void noCacheAndATriggerAlwaysBuild() throws Exception {
    DevdProcess first = up();
    await().atMost(WAIT).until(() -> served().equals("one") && builds() == 1);
    stop(first);

    DevdProcess second = up("--no-cache");
    await().atMost(WAIT).until(() -> builds() == 2);
    await().atMost(WAIT).until(() -> served().equals("one"));
    DevdProcess.Result trigger = DevdProcess.run(project.root(), "trigger", name);

    assertThat(trigger.exitCode()).as(trigger.stderr()).isZero();
    await().atMost(WAIT).until(() -> builds() == 3);
    assertThat(second.stdout()).doesNotContain("cached: ");
  }

  @Test
  void devdKeepsTheNewestTagsAndPruneRemovesTheRestOnDemand() throws Exception {
    try (ScratchImages someoneElse =
        new ScratchImages(Files.createDirectories(temp.resolve("foreign")))) {
      someoneElse.build(name + ":mine", "tagged by someone else");
      writeConfig("hi", 3);
      DevdProcess devd = up();
      await().atMost(WAIT).until(() -> served().equals("one") && builds() == 1);
      for (int i = 2; i <= 5; i++) {
        project.write("site/index.html", "version " + i);
        String expected = "version " + i;
        int count = i;
        await().atMost(WAIT).until(() -> served().equals(expected) && builds() == count);
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(devdTags()).hasSize(3));
      stop(devd);
      writeConfig("hi", 1);

      DevdProcess.Result prune = DevdProcess.run(project.root(), "prune");

      assertThat(prune.exitCode()).as(prune.stderr()).isZero();
      assertThat(prune.stdout()).contains("removed 2 tags");
      assertThat(devdTags()).hasSize(1);
      assertThat(tags())
          .contains("localhost/" + name + ":mine")
          .noneMatch(tag -> tag.contains(":devd-build-"));
      assertThat(DevdProcess.run(project.root(), "prune").stdout()).contains("nothing to remove");
    }
  }

  private List<String> tags() {
    try (ScratchImages images = new ScratchImages(temp)) {
      return images.run(
          "podman",
          "images",
          "--format",
          "{{.Repository}}:{{.Tag}}",
          "--filter",
          "reference=" + name);
    }
  }

  private List<String> devdTags() {
    return tags().stream().filter(tag -> tag.contains(":devd-")).toList();
  }

  /** The images of the running containers of the project's pod, one per line. */
  private List<String> runningImage() {
    try (ScratchImages images = new ScratchImages(temp)) {
      return images.run(
          "podman", "ps", "--filter", "pod=" + name + "-pod-0", "--format", "{{.Image}}");
    }
  }
}
