package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.buildcache.BuildCache;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.custombuild.TagResolver;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.CliImageStore;
import dev.devd.image.ImageRef;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryTarget;
import dev.devd.podman.PodmanImageStore;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache as the engine uses it, against the real podman store: a command that builds a
 * tiny image with buildah (and counts its runs in a marks file), settled by the real TagResolver,
 * and a "restart" that is a new set of image builds on the same project folder.
 */
class ImageBuildsCacheIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  // Reproducible (--timestamp 0): equal files give equal image ids, so equal content tags.
  private static final String BUILD =
      "echo run >> marks; while [ -f hold ]; do sleep 0.01; done;"
          + " c=$(buildah from scratch) && buildah copy -q $c src/app.txt /app.txt >/dev/null"
          + " && buildah commit -q --rm --timestamp 0 $c \"$EXPECTED_REF\" >/dev/null";

  @TempDir Path temp;
  private final String name = "devd-cache-" + UUID.randomUUID().toString().substring(0, 8);
  private final ProcessRunner runner = new ProcessRunner();
  private final CliImageStore podman = PodmanImageStore.create(runner);
  private final ResourceLog log = new ResourceLog(name);
  private final List<BuildCache> caches = new ArrayList<>();
  private final ChangeSequence changes = new ChangeSequence();
  private TestProject project;
  private ProjectConfig config;

  @BeforeEach
  void setUp() throws Exception {
    project = new TestProject(temp.resolve("project"));
    project.write("src/app.txt", "one");
    config =
        project.config(
            """
        keep: 3
        images:
          - ref: %s
            command: '%s'
            deps: [src]
            ignore: ["*.tmp"]
        """
                .formatted(name, BUILD));
  }

  @AfterEach
  void tearDown() throws Exception {
    runner.stopAll();
    caches.forEach(BuildCache::close);
    try (ScratchImages images =
        new ScratchImages(Files.createDirectories(temp.resolve("images")))) {
      // The session's runner is stopped by now, as devd's is when it stops.
      for (ImageRef tag : PodmanImageStore.create(new ProcessRunner()).tags(ImageRef.parse(name))) {
        images.adopt(tag.toString());
      }
    }
  }

  /** The image builds of one devd session on this project; {@code useCache} false is --no-cache. */
  private ImageBuilds session(boolean useCache) {
    BuildCache cache =
        BuildCache.open(
            config.stateDir(), podman, new RegistryClient(runner), Clock.systemDefaultZone());
    caches.add(cache);
    TagResolver resolver =
        new TagResolver(podman, new RegistryClient(runner), PushPolicy.podmanRuntime());
    ImageBuilds builds =
        new ImageBuilds(
            new ImageBuilder(runner, false),
            new BuildTags(Clock.systemUTC()),
            registry -> resolver,
            changes,
            cache,
            useCache,
            Clock.systemDefaultZone());
    builds.update(config.images(), RegistryTarget.none(), true);
    cache.update(config);
    return builds;
  }

  private ImageBuilds session() {
    return session(true);
  }

  private ImageBuilds.Result build(ImageBuilds builds, boolean force) throws BuildFailedException {
    return builds.ensureBuilt(name, changes.current(), force, log, new Steps(log, 1));
  }

  private ImageBuilds.Result build(ImageBuilds builds) throws BuildFailedException {
    return build(builds, false);
  }

  /** Saves a file as an editor would, and reports it as the watcher would. */
  private void save(ImageBuilds builds, String file, String text) {
    project.write(file, text);
    caches.getLast().changed(project.path(file));
    changes.next();
  }

  private int runs() {
    return project.lines("marks").size();
  }

  private List<String> tags() throws Exception {
    return podman.tags(ImageRef.parse(name)).stream().map(ref -> ref.tag().orElseThrow()).toList();
  }

  @Test
  void aRestartWithUnchangedInputsDeploysTheRecordedRefWithoutRunningTheCommand() throws Exception {
    ImageRef first = build(session()).deployRef();

    ImageBuilds.Result again;
    try (ConsoleCapture console = new ConsoleCapture()) {
      again = build(session());

      assertThat(console.lines())
          .anyMatch(
              line ->
                  line.matches(
                      "\\["
                          + name
                          + "] cached: inputs unchanged since "
                          + "\\d\\d:\\d\\d, "
                          + first.toString().replace(".", "\\.")));
    }
    assertThat(runs()).isEqualTo(1);
    assertThat(again.deployRef()).isEqualTo(first);
    assertThat(again.builtNow()).isFalse();
    assertThat(again.cached()).isPresent();
  }

  @Test
  void aForcedBuildAndASessionWithoutTheCacheRunTheCommand() throws Exception {
    build(session());

    build(session(), true);
    build(session(false));

    assertThat(runs()).isEqualTo(3);
  }

  @Test
  void anEditThenItsRevertIsNotBuiltAgain() throws Exception {
    ImageBuilds builds = session();
    ImageRef one = build(builds).deployRef();
    save(builds, "src/app.txt", "two");
    ImageRef two = build(builds).deployRef();

    save(builds, "src/app.txt", "one");
    ImageBuilds.Result reverted = build(builds);

    assertThat(runs()).isEqualTo(2);
    assertThat(two).isNotEqualTo(one);
    assertThat(reverted.deployRef()).isEqualTo(one);
    assertThat(reverted.cached()).isPresent();
  }

  @Test
  void anEditOfAnIgnoredFileNeedsNoBuild() throws Exception {
    ImageBuilds builds = session();
    ImageRef one = build(builds).deployRef();

    save(builds, "src/notes.tmp", "ignored by images[0].ignore");

    assertThat(build(builds).deployRef()).isEqualTo(one);
    assertThat(runs()).isEqualTo(1);
  }

  @Test
  void aRecordedImageThatIsGoneFromTheStoreIsBuiltAgain() throws Exception {
    ImageRef first = build(session()).deployRef();
    podman.untag(first);

    ImageBuilds.Result again = build(session());

    assertThat(runs()).isEqualTo(2);
    assertThat(again.deployRef()).isEqualTo(first);
    assertThat(again.builtNow()).isTrue();
  }

  @Test
  void aBuildDuringWhichAFileChangedIsNotRecordedForEitherState() throws Exception {
    ImageBuilds builds = session();
    project.write("hold", "");
    CompletableFuture<ImageBuilds.Result> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return build(builds);
              } catch (BuildFailedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(WAIT).until(() -> runs() == 1);
    save(builds, "src/app.txt", "changed while the command ran");
    Files.delete(project.path("hold"));
    running.join();

    save(builds, "src/app.txt", "one");
    build(session());

    assertThat(runs()).as("the state the build started from was built again").isEqualTo(2);
  }

  @Test
  void pruningKeepsTheNewestTagsAndNeverOnesDevdDidNotMake() throws Exception {
    try (ScratchImages someoneElse =
        new ScratchImages(Files.createDirectories(temp.resolve("foreign")))) {
      String foreignId = someoneElse.build(name + ":mine", "tagged by someone else " + name);
      podman.tag(ImageRef.parse(name + ":mine"), ImageRef.parse(name + ":devd-0123456789abcdef"));
      ImageBuilds builds = session();
      List<ImageRef> deployed = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        save(builds, "src/app.txt", "build " + i);
        deployed.add(build(builds).deployRef());
      }

      List<String> newest =
          deployed.subList(7, 10).stream().map(ref -> ref.tag().orElseThrow()).toList();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(tags())
                      .filteredOn(
                          tag -> tag.startsWith("devd-") && !tag.equals("devd-0123456789abcdef"))
                      .containsExactlyInAnyOrderElementsOf(newest));
      assertThat(tags())
          .contains("mine", "devd-0123456789abcdef")
          .noneMatch(tag -> tag.startsWith("devd-build-"));
      assertThat(podman.imageId(ImageRef.parse(name + ":mine"))).contains("sha256:" + foreignId);
      assertThat(runs()).isEqualTo(10);
    }
  }
}
