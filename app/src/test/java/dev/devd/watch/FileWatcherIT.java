package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    for (int dir = 0; dir < 20; dir++) write(project.resolve("src/pkg" + dir + "/Main.java"), "class Main {}");
    for (int dir = 0; dir < 500; dir++) {
      for (int file = 0; file < 21; file++) write(project.resolve("node_modules/mod" + dir + "/f" + file + ".js"), "x");
    }
    int before = InotifyWatches.count();

    watch(new WatchPlan(Set.of(project), Set.of(), dir -> dir.getFileName().toString().equals("node_modules")));

    // temp (the tree's parent, watched flat), project, src and its 20 packages; nothing of node_modules' 10,500 files.
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 1 + 20);
    assertThat(watcher.registeredFolders()).isEqualTo(23);
  }

  // src/a0..a9/b0..b9/c0..c4: 611 folders, enough to be shared out between watchers (WatchSplit): project, src and the
  // a-folders are registered on their own by the first watcher, the b-subtrees by all of them at once.
  private Path splitTree() throws IOException {
    Path project = temp.resolve("project");
    for (int a = 0; a < 10; a++) {
      for (int b = 0; b < 10; b++) {
        for (int c = 0; c < 5; c++) write(project.resolve("src/a" + a + "/b" + b + "/c" + c + "/f.txt"), "x");
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

    // temp (the tree's parent, watched flat), project, src, 10 a-folders, 100 b-folders, 500 c-folders.
    assertThat(InotifyWatches.count() - before).isEqualTo(1 + 1 + 1 + 10 + 100 + 500);
    assertThat(watcher.registeredFolders()).isEqualTo(613);
    for (Path file : List.of(project.resolve("src/a0/b0/c0/f.txt"), project.resolve("src/a9/b9/c4/f.txt"))) {
      Files.writeString(file, "saved");
      await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(file));
    }
  }

  @Test
  void foldersCreatedOrCreatedAgainInASharedTreeAreWatched() throws IOException {
    Path project = splitTree();
    watch(new WatchPlan(Set.of(project), Set.of(), dir -> false));

    // In a folder the first watcher registered on its own: the new folder comes with its subfolders.
    createThenSave(project.resolve("src/a3/new/deep/x.txt"));

    // A subtree another watcher registered, deleted and created again: its parent's watcher takes it over.
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

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(root.resolve("sub/new.html")));
    changed.clear();
    Files.writeString(root.resolve("sub/new.html"), "c");
    await().atMost(Duration.ofSeconds(5)).until(() -> changed.contains(root.resolve("sub/new.html")));
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
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean lost = new AtomicBoolean();
    watcher = FileWatcher.start(new WatchPlan(Set.of(src), Set.of(), dir -> false), new FileWatcher.Listener() {
      @Override
      public void changed(FileChange change) {
        try {
          release.await(); // hold the watcher's thread so that the JDK's per-folder event list overflows
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

    // The JDK keeps at most 512 events per folder before it replaces them with OVERFLOW.
    for (int i = 0; i < 2000; i++) Files.writeString(src.resolve("f" + i + ".txt"), "x" + i);
    release.countDown();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(lost).isTrue();
      for (int i = 0; i < 2000; i++) assertThat(changed).contains(src.resolve("f" + i + ".txt"));
    });
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
