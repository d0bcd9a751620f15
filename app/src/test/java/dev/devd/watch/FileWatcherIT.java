package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.ConsoleCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherIT {
  @TempDir Path temp;
  private final Set<Path> changed = ConcurrentHashMap.newKeySet();
  private FileWatcher watcher;

  @AfterEach
  void close() throws IOException {
    if (watcher != null) watcher.close();
  }

  private FileWatcher watch(WatchPlan plan) throws IOException {
    watcher = FileWatcher.start(plan, change -> changed.add(change.path()));
    return watcher;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void neverRegistersFoldersInsideASkippedTree() throws IOException {
    assumeThat(InotifyWatches.available()).as("needs /proc/self/fdinfo (Linux)").isTrue();
    Path project = temp.resolve("project");
    for (int dir = 0; dir < 20; dir++)
      write(project.resolve("src/pkg" + dir + "/Main.java"), "class Main {}");
    for (int dir = 0; dir < 500; dir++) {
      for (int file = 0; file < 21; file++)
        write(project.resolve("node_modules/mod" + dir + "/f" + file + ".js"), "x");
    }
    int before = InotifyWatches.count();

    watch(
        new WatchPlan(
            Set.of(project), Set.of(), dir -> dir.getFileName().toString().equals("node_modules")));

    // temp (the tree's parent, watched flat), project, src and its 20 packages; nothing of
    // node_modules' 10,500 files.
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 1 + 20);
    assertThat(watcher.registeredFolders()).isEqualTo(23);
  }

  // src/a0..a9/b0..b9/c0..c4: 611 folders, enough to be shared out between watchers (WatchSplit):
  // project, src and the
  // a-folders are registered on their own by the first watcher, the b-subtrees by all of them at
  // once.
  private Path splitTree() throws IOException {
    Path project = temp.resolve("project");
    for (int a = 0; a < 10; a++) {
      for (int b = 0; b < 10; b++) {
        for (int c = 0; c < 5; c++)
          write(project.resolve("src/a" + a + "/b" + b + "/c" + c + "/f.txt"), "x");
      }
    }
    return project;
  }

  @Test
  void aTreeSharedBetweenWatchersHasEveryFolderRegisteredOnce() throws IOException {
    assumeThat(InotifyWatches.available()).as("needs /proc/self/fdinfo (Linux)").isTrue();
    Path project = splitTree();
    int before = InotifyWatches.count();

    watch(new WatchPlan(Set.of(project), Set.of(), dir -> false));

    // temp (the tree's parent, watched flat), project, src, 10 a-folders, 100 b-folders, 500
    // c-folders.
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 1 + 10 + 100 + 500);
    assertThat(watcher.registeredFolders()).isEqualTo(613);
    for (Path file :
        List.of(project.resolve("src/a0/b0/c0/f.txt"), project.resolve("src/a9/b9/c4/f.txt"))) {
      Files.writeString(file, "saved");
      await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(file));
    }
  }

  @Test
  void foldersCreatedOrCreatedAgainInASharedTreeAreWatched() throws IOException {
    Path project = splitTree();
    watch(new WatchPlan(Set.of(project), Set.of(), dir -> false));

    // In a folder the first watcher registered on its own: the new folder comes with its
    // subfolders.
    createThenSave(project.resolve("src/a3/new/deep/x.txt"));

    // A subtree another watcher registered, deleted and created again: its parent's watcher takes
    // it over.
    Path subtree = project.resolve("src/a1/b1");
    deleteTree(subtree);
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(subtree));
    createThenSave(subtree.resolve("c9/y.txt"));
  }

  // A file created in new folders is reported, and so is a later save of it: its folder is watched.
  private void createThenSave(Path file) throws IOException {
    write(file, "one");
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(file));
    changed.clear();
    Files.writeString(file, "two");
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(file));
  }

  @Test
  void reportsASavedFile() throws IOException {
    Path file = temp.resolve("src/app.txt");
    write(file, "one");
    watch(new WatchPlan(Set.of(temp.resolve("src")), Set.of(), dir -> false));

    Files.writeString(file, "two");

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(file));
  }

  @Test
  void followsAFolderDeletedAndCreatedAgain() throws IOException {
    Path folder = temp.resolve("src/pages");
    write(folder.resolve("a.html"), "a");
    watch(new WatchPlan(Set.of(temp.resolve("src")), Set.of(), dir -> false));

    deleteTree(folder);
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(folder));
    write(folder.resolve("b.html"), "b");
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(folder.resolve("b.html")));
    changed.clear();
    Files.writeString(folder.resolve("b.html"), "b2");

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(folder.resolve("b.html")));
  }

  @Test
  void followsATreeRootDeletedAndCreatedAgain() throws IOException {
    Path root = temp.resolve("web");
    write(root.resolve("index.html"), "a");
    watch(new WatchPlan(Set.of(root), Set.of(), dir -> false));

    deleteTree(root);
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(root));
    write(root.resolve("sub/new.html"), "b");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> changed.contains(root.resolve("sub/new.html")));
    changed.clear();
    Files.writeString(root.resolve("sub/new.html"), "c");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> changed.contains(root.resolve("sub/new.html")));
  }

  @Test
  void reportsFilesOfAFolderCreatedWithContentAtOnce() throws IOException {
    watch(new WatchPlan(Set.of(temp), Set.of(), dir -> false));

    Path deep = temp.resolve("a/b/c/file.txt");
    write(deep, "x");

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(deep));
  }

  @Test
  void watchesASingleFileWithoutItsFoldersSubfolders() throws IOException {
    assumeThat(InotifyWatches.available()).as("needs /proc/self/fdinfo (Linux)").isTrue();
    Path dockerfile = temp.resolve("Dockerfile");
    write(dockerfile, "FROM scratch");
    for (int i = 0; i < 5; i++) write(temp.resolve("other" + i + "/x"), "x");
    int before = InotifyWatches.count();

    watch(new WatchPlan(Set.of(), Set.of(dockerfile), dir -> false));
    Files.writeString(dockerfile, "FROM busybox");

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(dockerfile));
    assertThat(InotifyWatches.count() - before).isEqualTo(1);
  }

  @Test
  void rescansWhenTheOperatingSystemDropsEvents() throws IOException, InterruptedException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    AtomicBoolean lost = new AtomicBoolean();

    overflow(new WatchPlan(Set.of(src), Set.of(), dir -> false), lost, path -> {});

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(lost).isTrue();
              for (int i = 0; i < OVERFLOWING_WRITES; i++)
                assertThat(changed).contains(src.resolve("f" + i + ".txt"));
            });
  }

  @Test
  void saysOnTheTerminalThatEventsWereLost() throws IOException, InterruptedException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    try (ConsoleCapture console = new ConsoleCapture()) {
      overflow(new WatchPlan(Set.of(src), Set.of(), dir -> false), new AtomicBoolean(), path -> {});

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(console.lines())
                      .anySatisfy(
                          line ->
                              assertThat(line)
                                  .startsWith(
                                      "the operating system dropped file events (inotify queue overflow); devd "
                                          + "watches every folder again and reports what changed since ")));
    }
  }

  @Test
  void theRescanAfterAnOverflowReportsNoFileThatDoesNotExist()
      throws IOException, InterruptedException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    Path devdYaml = temp.resolve("devd.yaml");
    Path devdignore = temp.resolve(".devdignore"); // watched in case it is created; it never is
    write(devdYaml, "images: []");
    // The project folder was last changed long ago: nothing in it was created or deleted while
    // events were lost.
    Files.setLastModifiedTime(temp, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    overflow(
        new WatchPlan(Set.of(src), Set.of(devdYaml, devdignore), dir -> false),
        new AtomicBoolean(),
        path -> Files.writeString(devdYaml, "images: [] # saved while events were lost"));

    // The rescan reports the saved devd.yaml after every file of the trees; the missing file would
    // come with it.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(changed).contains(devdYaml);
              for (int i = 0; i < OVERFLOWING_WRITES; i++)
                assertThat(changed).contains(src.resolve("f" + i + ".txt"));
            });
    assertThat(changed).doesNotContain(devdignore);
  }

  // The JDK keeps at most 512 events per folder before it replaces them with OVERFLOW.
  private static final int OVERFLOWING_WRITES = 2000;

  /**
   * Makes the OS drop events: holds the watcher's thread while {@link #OVERFLOWING_WRITES} files
   * are written in the first tree of the plan, then lets it go. {@code meanwhile} runs while the
   * thread is held.
   */
  private void overflow(WatchPlan plan, AtomicBoolean lost, IoAction meanwhile)
      throws IOException, InterruptedException {
    Path tree = plan.trees().iterator().next();
    CountDownLatch release = new CountDownLatch(1);
    watcher =
        FileWatcher.start(
            plan,
            new FileWatcher.Listener() {
              @Override
              public void changed(FileChange change) {
                try {
                  release
                      .await(); // hold the watcher's thread so that the JDK's per-folder event list
                  // overflows
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                changed.add(change.path());
              }

              @Override
              public void eventsLost() {
                lost.set(true);
              }
            });
    for (int i = 0; i < OVERFLOWING_WRITES; i++)
      Files.writeString(tree.resolve("f" + i + ".txt"), "x" + i);
    meanwhile.run(tree);
    release.countDown();
  }

  private interface IoAction {
    void run(Path path) throws IOException;
  }

  @Test
  void aFolderMovedOutOfTheTreeLosesItsWatchAndReportsNothingMore(@TempDir Path elsewhere)
      throws IOException {
    assumeThat(InotifyWatches.available()).as("needs /proc/self/fdinfo (Linux)").isTrue();
    Path dep = temp.resolve("dep");
    Path sub = dep.resolve("sub");
    write(sub.resolve("inner/a.txt"), "a");
    int before = InotifyWatches.count();
    watch(new WatchPlan(Set.of(dep), Set.of(), dir -> false));
    // temp (the tree's parent, watched flat), dep, sub and inner.
    assertThat(InotifyWatches.count() - before).isEqualTo(4);

    Path moved = Files.move(sub, elsewhere.resolve("sub"));

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(sub));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(InotifyWatches.count() - before).isEqualTo(2));
    write(moved.resolve("new.txt"), "written after the move");
    write(moved.resolve("inner/a.txt"), "edited after the move");
    Path marker = dep.resolve("marker.txt");
    write(marker, "x");
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(marker));
    assertThat(changed).noneMatch(path -> path.startsWith(sub) && !path.equals(sub));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
