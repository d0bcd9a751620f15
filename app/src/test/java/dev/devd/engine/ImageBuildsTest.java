package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.devd.buildcache.BuildCache;
import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.custombuild.RefSettler;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageRef;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryTarget;
import dev.devd.testing.TestProject;
import dev.devd.wiring.LocalImageStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an image's command runs again: once per set of changes however many targets ask, again after
 * a change that came after its build started, always when forced, and after an image it depends on
 * got a new ref. Real commands count their runs in marks files.
 */
class ImageBuildsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path temp;
  private TestProject project;
  private final ProcessRunner runner = new ProcessRunner();
  private final ChangeSequence changes = new ChangeSequence();
  private final ResourceLog log = new ResourceLog("test");
  private ImageBuilds builds;
  private BuildCache cache;

  @BeforeEach
  void setUp() throws ConfigException {
    project = new TestProject(temp);
    project.write("base/Dockerfile", "x");
    project.write("app/main.go", "x");
    ProjectConfig config =
        project.config(
            """
        images:
          - ref: base
            command: echo built >> base.marks
            deps: [base/]
          - ref: app
            command: echo built >> app.marks; if [ -f fail ]; then exit 3; fi; while [ -f hold ]; do sleep 0.01; done
            deps: [app/]
            imageDeps: [base]
        """);
    // These images are only built: no settler for deployed images is ever asked for.
    ImageBuilds.RefSettlers buildOnly = registry -> RefSettler.BUILD_ONLY;
    // Images only built are never taken from the build cache (ImageBuildsCacheIT shows deployed
    // ones).
    cache =
        BuildCache.open(
            config.stateDir(),
            LocalImageStores.detect(runner),
            new RegistryClient(runner),
            Clock.systemUTC());
    builds =
        new ImageBuilds(
            new ImageBuilder(runner, false),
            new BuildTags(Clock.systemUTC()),
            buildOnly,
            changes,
            cache,
            true,
            Clock.systemUTC());
    builds.update(config.images(), RegistryTarget.none(), false);
  }

  @AfterEach
  void stopCommands() {
    runner.stopAll();
    cache.close();
  }

  private ImageBuilds.Result request(String image, long latestChange) throws BuildFailedException {
    return builds.ensureBuilt(image, latestChange, false, log, new Steps(log, 1));
  }

  @Test
  void theFirstRequestBuildsAndTheNextOneWithoutChangesReusesIt() throws Exception {
    ImageBuilds.Result first = request("base", 0);
    ImageBuilds.Result second = request("base", 0);

    assertThat(first.builtNow()).isTrue();
    assertThat(second.builtNow()).isFalse();
    assertThat(second.deployRef()).isEqualTo(first.deployRef());
    assertThat(project.lines("base.marks")).hasSize(1);
  }

  @Test
  void twoTargetsAskingForTheSameChangeGetOneBuild() throws Exception {
    long change = changes.next();

    request("base", change); // the first target's pass
    ImageBuilds.Result other = request("base", change); // the second target, same change

    assertThat(other.builtNow()).isFalse();
    assertThat(project.lines("base.marks")).hasSize(1);
  }

  @Test
  void aChangeRoutedAfterTheBuildStartedBuildsAgain() throws Exception {
    request("base", changes.next());
    long later = changes.next();

    assertThat(builds.isStale("base", later)).isTrue();
    assertThat(request("base", later).builtNow()).isTrue();
    assertThat(project.lines("base.marks")).hasSize(2);
  }

  @Test
  void aChangeDuringTheBuildIsNotCoveredByIt() throws Exception {
    request("base", 0);
    project.write("hold", "");
    CompletableFuture<ImageBuilds.Result> building =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return request("app", 0);
              } catch (BuildFailedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("app.marks")).hasSize(1));

    long duringBuild = changes.next();
    Files.delete(project.path("hold"));
    building.get();

    assertThat(builds.isStale("app", duringBuild)).isTrue();
    assertThat(request("app", duringBuild).builtNow()).isTrue();
  }

  @Test
  void aForcedRequestBuildsEvenWhenNothingChanged() throws Exception {
    request("base", 0);

    ImageBuilds.Result forced = builds.ensureBuilt("base", 0, true, log, new Steps(log, 1));

    assertThat(forced.builtNow()).isTrue();
    assertThat(project.lines("base.marks")).hasSize(2);
  }

  @Test
  void aFailedBuildIsReportedAgainForTheSameChangesAndRetriedAfterANewOneOrWhenForced()
      throws Exception {
    request("base", 0);
    project.write("fail", "");
    long change = changes.next();
    assertThatThrownBy(() -> request("app", change))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("exited with 3");

    assertThatThrownBy(() -> request("app", change)).isInstanceOf(BuildFailedException.class);
    assertThat(project.lines("app.marks")).hasSize(1);

    Files.delete(project.path("fail"));
    assertThat(request("app", changes.next()).builtNow()).isTrue();
    assertThat(builds.ensureBuilt("app", 0, true, log, new Steps(log, 1)).builtNow()).isTrue();
    assertThat(project.lines("app.marks")).hasSize(3);
  }

  @Test
  void aDependencyWithANewRefMakesTheImagesThatUseItStale() throws Exception {
    request("base", 0);
    ImageRef firstApp = request("app", 0).deployRef();
    assertThat(builds.isStale("app", 0)).isFalse();

    request("base", changes.next()); // rebuilt: images that are only built get a new ref each time

    assertThat(builds.isStale("app", 0)).isTrue();
    assertThat(request("app", 0).deployRef()).isNotEqualTo(firstApp);
    assertThat(project.lines("app.marks")).hasSize(2);
  }

  @Test
  void anImageWhoseDependencyWasNeverBuiltCannotBeBuilt() {
    assertThatThrownBy(() -> request("app", 0))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage("image \"base\" it depends on has not been built");
  }
}
