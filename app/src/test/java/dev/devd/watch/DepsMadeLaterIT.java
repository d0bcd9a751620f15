package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deps that do not exist when devd starts (a build's output folder made by a local resource): the
 * real watcher, with the plan and routing of a real devd.yaml, sees them appear and routes what
 * happens in them like any other change.
 */
class DepsMadeLaterIT {
  @TempDir Path temp;
  private TestProject project;
  private ChangeRouter router;
  private FileWatcher watcher;
  // Each reported path, with the names of the images and local resources it was routed to.
  private final Map<Path, List<String>> routed = new ConcurrentHashMap<>();

  @BeforeEach
  void createProject() {
    project = new TestProject(temp);
    for (int i = 0; i < 20; i++) project.write("src/pkg" + i + "/Main.java", "class Main {}");
    for (int i = 0; i < 10; i++) project.write("docs/part" + i + "/index.md", "# docs");
  }

  @AfterEach
  void close() throws IOException {
    if (watcher != null) watcher.close();
  }

  private void start(String devdYaml) throws Exception {
    router = ChangeRouter.of(project.config(devdYaml));
    watcher =
        FileWatcher.start(
            router.plan(),
            change -> {
              List<String> names =
                  router.watchersOf(change.path()).stream()
                      .map(ChangeRouter.Watcher::name)
                      .toList();
              routed.put(change.path(), names);
            });
  }

  /**
   * Writes the file, waits until the watcher reports it, and says where it was routed; then forgets
   * it.
   */
  private List<String> saveAndRoute(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    await().atMost(Duration.ofSeconds(5)).until(() -> routed.containsKey(file));
    return routed.remove(file);
  }

  @Test
  void aDepFolderMadeAfterStartIsWatchedFromItsNearestFolderAndRoutedToItsImage() throws Exception {
    assumeThat(InotifyWatches.available()).as("needs /proc/self/fdinfo (Linux)").isTrue();
    int before = InotifyWatches.count();
    start(
        """
        images:
          - ref: app
            command: "true"
            deps: [build/classes]
        localResources:
          - name: compile
            cmd: "true"
            deps: [src]
        """);
    // The project folder (devd.yaml's, and the nearest existing folder of build/classes) without
    // its subfolders,
    // then src and its 20 packages; nothing of docs/.
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 20);

    Path classFile = project.path("build/classes/com/example/Main.class");
    assertThat(saveAndRoute(classFile, "compiled")).containsExactly("app");
    assertThat(saveAndRoute(classFile, "compiled again")).containsExactly("app");
    Path another = project.path("build/classes/com/example/Util.class");
    assertThat(saveAndRoute(another, "compiled")).containsExactly("app");

    // build/ on the way (without its other subfolders), classes, com and example.
    Files.createDirectories(project.path("build/tmp/cache"));
    assertThat(saveAndRoute(project.path("src/pkg0/Main.java"), "class Main { }"))
        .containsExactly("compile");
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 20 + 4);
  }

  @Test
  void aDepFileMadeAfterStartIsRoutedToItsImage() throws Exception {
    start(
        """
        images:
          - ref: app
            command: "true"
            deps: [dist/app.jar]
        """);

    Path jar = project.path("dist/app.jar");
    assertThat(saveAndRoute(jar, "v1")).containsExactly("app");
    assertThat(saveAndRoute(jar, "v2")).containsExactly("app");
  }

  @Test
  void aDepInsideAFolderAnotherTargetIgnoresIsWatched() throws Exception {
    start(
        """
        images:
          - ref: app
            command: "true"
            deps: [build/classes]
        localResources:
          - name: lint
            cmd: "true"
            deps: [.]
            ignore: [build]
        """);

    Path classFile = project.path("build/classes/Main.class");
    assertThat(saveAndRoute(classFile, "compiled")).containsExactly("app");
    assertThat(saveAndRoute(classFile, "compiled again")).containsExactly("app");
  }
}
