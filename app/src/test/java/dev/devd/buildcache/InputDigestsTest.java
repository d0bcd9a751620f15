package dev.devd.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input digest of real files on disk: what changes it, what does not, and that following
 * changes one path at a time ends where a fresh computation would.
 */
class InputDigestsTest {
  private static final String CONFIG =
      """
      images:
        - ref: web
          command: ./build.sh
          deps: [src, build.sh]
          ignore: ["*.log"]
          env: {MODE: dev}
      """;

  @TempDir Path temp;
  private final List<InputDigests> started = new ArrayList<>();

  @AfterEach
  void tearDown() {
    started.forEach(InputDigests::close);
  }

  private TestProject project(String name) {
    TestProject project = new TestProject(temp.resolve(name));
    project.write("build.sh", "#!/bin/sh\nbuild\n");
    project.write("src/a.txt", "a");
    project.write("src/sub/b.txt", "b");
    return project;
  }

  private InputDigests start(ProjectConfig config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  private InputDigests start(ProjectConfig config, Clock clock) throws IOException {
    InputDigests digests = InputDigests.start(config, clock);
    started.add(digests);
    return digests;
  }

  private static Optional<InputDigest> digest(
      InputDigests digests, ProjectConfig config, String image) throws InterruptedException {
    return digests.digest(config.image(image).orElseThrow());
  }

  /** The digest a devd starting now would compute. */
  private InputDigest fresh(TestProject project, String yaml) throws Exception {
    ProjectConfig config = project.config(yaml);
    try (InputDigests digests = InputDigests.start(config, Clock.systemUTC())) {
      return digest(digests, config, "web").orElseThrow();
    }
  }

  private InputDigest digest(TestProject project) throws Exception {
    return fresh(project, CONFIG);
  }

  @Test
  void theSameFilesWrittenInAnotherOrderInAnotherFolderHaveTheSameDigest() throws Exception {
    TestProject one = project("one");
    TestProject two = new TestProject(temp.resolve("two"));
    two.write("src/sub/b.txt", "b");
    two.write("src/a.txt", "a");
    two.write("build.sh", "#!/bin/sh\nbuild\n");

    assertThat(digest(two)).isEqualTo(digest(one));
  }

  @Test
  void anEditOfAKeptFileChangesTheDigestAndItsRevertBringsItBack() throws Exception {
    TestProject project = project("p");
    InputDigest before = digest(project);

    project.write("src/sub/b.txt", "B");
    InputDigest edited = digest(project);
    project.write("src/sub/b.txt", "b");

    assertThat(edited).isNotEqualTo(before);
    assertThat(digest(project)).isEqualTo(before);
  }

  @Test
  void filesTheImagesIgnoreRulesIgnoreAreNoInputs() throws Exception {
    TestProject project = project("p");
    project.write("src/.dockerignore", "tmp/\n");
    InputDigest before = digest(project);

    project.write("src/debug.log", "ignored by images[0].ignore");
    project.write("src/tmp/x.txt", "ignored by src/.dockerignore");
    project.write("src/.a.txt.swp", "an editor's temp file");
    project.write("src/.git/HEAD", "ref: refs/heads/main");

    assertThat(digest(project)).isEqualTo(before);
  }

  @Test
  void aNewFileOrADeletedOneChangesTheDigest() throws Exception {
    TestProject project = project("p");
    InputDigest before = digest(project);

    project.write("src/new.txt", "");
    InputDigest added = digest(project);
    Files.delete(project.path("src/new.txt"));
    Files.delete(project.path("src/a.txt"));

    assertThat(added).isNotEqualTo(before);
    assertThat(digest(project)).isNotEqualTo(before).isNotEqualTo(added);
  }

  @Test
  void aRenameChangesTheDigestThoughNoContentChanged() throws Exception {
    TestProject project = project("p");
    InputDigest before = digest(project);

    Files.move(project.path("src/a.txt"), project.path("src/c.txt"));

    assertThat(digest(project)).isNotEqualTo(before);
  }

  @Test
  void aModeChangeChangesTheDigest() throws Exception {
    TestProject project = project("p");
    Files.setPosixFilePermissions(
        project.path("build.sh"), PosixFilePermissions.fromString("rw-r--r--"));
    InputDigest before = digest(project);

    Files.setPosixFilePermissions(
        project.path("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(digest(project)).isNotEqualTo(before);
  }

  @Test
  void aSymbolicLinkCountsAsItsTargetPathNotAsWhatItPointsTo() throws Exception {
    TestProject project = project("p");
    project.write("outside/one.txt", "one");
    project.write("outside/two.txt", "one");
    Files.createSymbolicLink(project.path("src/link"), Path.of("../outside/one.txt"));
    InputDigest before = digest(project);

    project.write("outside/one.txt", "changed where the link points, outside the deps");
    InputDigest targetEdited = digest(project);
    Files.delete(project.path("src/link"));
    Files.createSymbolicLink(project.path("src/link"), Path.of("../outside/two.txt"));

    assertThat(targetEdited).isEqualTo(before);
    assertThat(digest(project)).as("the same content behind another target").isNotEqualTo(before);
  }

  @Test
  void aLinkToAFolderBelowADepIsOnlyALinkAndADepThatLinksToAFolderIsThatFolder() throws Exception {
    TestProject project = project("p");
    project.write("outside/lib/x.txt", "x");
    Files.createSymbolicLink(project.path("src/lib"), Path.of("../outside/lib"));
    Files.createSymbolicLink(project.path("linked"), Path.of("outside"));
    String linkedDep = CONFIG.replace("deps: [src, build.sh]", "deps: [linked]");
    InputDigest throughSrc = digest(project);
    InputDigest throughLinkedDep = fresh(project, linkedDep);

    project.write("outside/lib/x.txt", "changed");

    assertThat(digest(project)).as("src/lib is a link, not a folder").isEqualTo(throughSrc);
    assertThat(fresh(project, linkedDep))
        .as("the dep linked is the folder")
        .isNotEqualTo(throughLinkedDep);
  }

  @Test
  void aLinkInPlaceOfAFileWithTheSameTextIsAnotherInput() throws Exception {
    TestProject project = project("p");
    project.write("src/x", "a.txt");
    InputDigest before = digest(project);

    Files.delete(project.path("src/x"));
    Files.createSymbolicLink(project.path("src/x"), Path.of("a.txt"));

    assertThat(digest(project)).isNotEqualTo(before);
  }

  @Test
  void settingsThatDecideWhatIsBuiltChangeTheDigest() throws Exception {
    TestProject project = project("p");
    InputDigest before = digest(project);

    assertThat(fresh(project, CONFIG.replace("MODE: dev", "MODE: prod")))
        .as("env")
        .isNotEqualTo(before);
    assertThat(fresh(project, CONFIG.replace("./build.sh", "./build.sh --fast")))
        .as("command")
        .isNotEqualTo(before);
    assertThat(fresh(project, CONFIG + "    dir: src\n")).as("dir").isNotEqualTo(before);
    assertThat(fresh(project, CONFIG + "    tag: dev\n")).as("tag mode").isNotEqualTo(before);
    assertThat(fresh(project, CONFIG + "    commandBat: build.bat\n"))
        .as("commandBat")
        .isNotEqualTo(before);
    assertThat(fresh(project, CONFIG + "    timeout: 5m\n"))
        .as("the timeout builds the same")
        .isEqualTo(before);
  }

  @Test
  void aChangeOfAnImageDepChangesTheDigestOfTheImagesBuiltOnIt() throws Exception {
    TestProject project = project("p");
    project.write("base/Dockerfile", "FROM scratch");
    String yaml =
        """
        images:
          - {ref: base, command: ./base.sh, deps: [base]}
          - {ref: web, command: ./build.sh, deps: [src], imageDeps: [base]}
          - {ref: other, command: ./other.sh, deps: [src]}
        """;
    ProjectConfig config = project.config(yaml);
    InputDigests digests = start(config);
    InputDigest web = digest(digests, config, "web").orElseThrow();
    InputDigest other = digest(digests, config, "other").orElseThrow();

    project.write("base/Dockerfile", "FROM busybox");
    digests.changed(project.path("base/Dockerfile"));

    assertThat(digest(digests, config, "web")).get().isNotEqualTo(web);
    assertThat(digest(digests, config, "other")).contains(other);
  }

  @Test
  void followingChangesPathByPathEndsWhereAFreshStartWould() throws Exception {
    TestProject project = project("p");
    ProjectConfig config = project.config(CONFIG);
    InputDigests digests = start(config);
    digest(digests, config, "web");

    project.write("src/a.txt", "edited");
    digests.changed(project.path("src/a.txt"));
    project.write("src/new/deep/c.txt", "a new folder");
    digests.changed(project.path("src/new"));
    deleteTree(project.path("src/sub"));
    digests.changed(project.path("src/sub"));
    project.write("src/late.log", "ignored");
    digests.changed(project.path("src/late.log"));

    assertThat(digest(digests, config, "web")).contains(digest(project));
  }

  @Test
  void aDepThatAppearsLaterBringsItsFilesIn() throws Exception {
    TestProject project = project("p");
    ProjectConfig config = project.config(CONFIG);
    deleteTree(project.path("src"));
    InputDigests digests = start(config);
    InputDigest without = digest(digests, config, "web").orElseThrow();

    project.write("src/a.txt", "a");
    digests.changed(project.path("src"));

    assertThat(digest(digests, config, "web"))
        .get()
        .isNotEqualTo(without)
        .isEqualTo(digest(project));
  }

  @Test
  void aRestartReadsNoFileWhoseStatIsUnchanged() throws Exception {
    TestProject project = project("p");
    // Files hashed within seconds of their last change are read again next time (see FileIndex):
    // the clock says
    // the hashing happened a minute later.
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
    ProjectConfig config = project.config(CONFIG);
    InputDigests first = start(config, later);
    InputDigest digest = digest(first, config, "web").orElseThrow();
    first.close();

    InputDigests second = start(config, later);

    assertThat(digest(second, config, "web")).contains(digest);
    assertThat(second.lastScan().read()).isZero();
    assertThat(second.lastScan().fromIndex()).isEqualTo(3);
    assertThat(second.lastScan().files()).isEqualTo(3);
  }

  @Test
  void aFileChangedWithinTheFileTimesGranularityIsReadAgainAfterARestart() throws Exception {
    TestProject project = project("p");
    ProjectConfig config = project.config(CONFIG);
    InputDigests first = start(config);
    digest(first, config, "web");
    first.close();
    // Same size, and (on a coarse clock) the same modification time as when it was hashed.
    var mtime = Files.getLastModifiedTime(project.path("src/a.txt"));
    project.write("src/a.txt", "z");
    Files.setLastModifiedTime(project.path("src/a.txt"), mtime);

    InputDigests second = start(config);

    assertThat(digest(second, config, "web")).contains(digest(project));
    assertThat(second.lastScan().read()).isEqualTo(3);
  }

  @Test
  void aDamagedIndexIsThrownAwayAndMadeAgain() throws Exception {
    TestProject project = project("p");
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
    InputDigest digest = fresh(project, CONFIG);
    Path index = project.path(".devd/cache/index");
    byte[] bytes = Files.readAllBytes(index);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(index, bytes);

    ProjectConfig config = project.config(CONFIG);
    InputDigests repaired = start(config, later);
    assertThat(digest(repaired, config, "web")).contains(digest);
    assertThat(repaired.lastScan().read()).isEqualTo(3);
    repaired.close();
    Files.write(index, new byte[] {1, 2, 3});
    InputDigests fromGarbage = start(config, later);
    assertThat(digest(fromGarbage, config, "web")).contains(digest);
    fromGarbage.close();

    InputDigests afterwards = start(config, later);
    assertThat(digest(afterwards, config, "web")).contains(digest);
    assertThat(afterwards.lastScan().read()).as("the index was made again").isZero();
  }

  @Test
  void theIndexIsReadableByItsOwnerOnly() throws Exception {
    TestProject project = project("p");
    fresh(project, CONFIG);

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(project.path(".devd/cache/index"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(project.path(".devd/cache"))))
        .isEqualTo("rwx------");
  }

  @Test
  void anUnreadableInputMakesTheDigestUnknownUntilItCanBeRead() throws Exception {
    TestProject project = project("p");
    Path secret = project.write("src/secret.txt", "s");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.isReadable(secret), "root reads every file");
    ProjectConfig config = project.config(CONFIG);
    InputDigests digests = start(config);

    assertThat(digest(digests, config, "web")).isEmpty();
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    digests.changed(secret);
    assertThat(digest(digests, config, "web")).isPresent();
  }

  @Test
  void aDigestAskedForBeforeItsConfigArrivedIsAnsweredOnceItDoes() throws Exception {
    TestProject project = project("p");
    ProjectConfig config = project.config(CONFIG);
    InputDigests digests = InputDigests.open(config.stateDir(), Clock.systemUTC());
    started.add(digests);
    CompletableFuture<Optional<InputDigest>> asked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return digest(digests, config, "web");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    digests.update(config);

    assertThat(asked.get(10, TimeUnit.SECONDS)).contains(digest(project));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
        Files.delete(path);
    }
  }
}
