package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchSplitTest {
  @TempDir Path temp;

  private Path folders(String... paths) throws IOException {
    for (String path : paths) Files.createDirectories(temp.resolve(path));
    return temp;
  }

  // Every folder the split covers: the top folders, and each subtree with everything below it that
  // is not skipped.
  private static List<Path> covered(WatchSplit split, WatchPlan plan) throws IOException {
    List<Path> all = new ArrayList<>(split.topFolders());
    for (List<Path> roots : split.subtrees()) {
      for (Path root : roots) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isDirectory)
              .filter(dir -> dir.equals(root) || !plan.skipDirectory().test(dir))
              .forEach(all::add);
        }
      }
    }
    return all;
  }

  @Test
  void sharesTheSubtreesBelowTheTopFoldersBetweenTheWatchers() throws IOException {
    List<String> paths = new ArrayList<>();
    for (int a = 0; a < 10; a++)
      for (int b = 0; b < 10; b++) paths.add("src/a" + a + "/b" + b + "/c");
    Path root = folders(paths.toArray(String[]::new));
    WatchPlan plan = new WatchPlan(Set.of(root), Set.of(), dir -> false);

    WatchSplit split = WatchSplit.of(plan, 4);

    assertThat(split.subtrees()).hasSize(4).allSatisfy(roots -> assertThat(roots).hasSize(25));
    assertThat(split.topFolders())
        .hasSize(1 + 1 + 10)
        .contains(root, root.resolve("src"), root.resolve("src/a0"));
    assertThat(covered(split, plan)).doesNotHaveDuplicates().hasSize(1 + 1 + 10 + 100 + 100);
  }

  @Test
  void leavesSkippedFoldersOutEntirely() throws IOException {
    Path root = folders("src/a/x", "src/b/y", "node_modules/m/n", "src/a/node_modules/p");
    WatchPlan plan =
        new WatchPlan(
            Set.of(root), Set.of(), dir -> dir.getFileName().toString().equals("node_modules"));

    WatchSplit split = WatchSplit.of(plan, 4);

    assertThat(covered(split, plan))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(
            root,
            root.resolve("src"),
            root.resolve("src/a"),
            root.resolve("src/b"),
            root.resolve("src/a/x"),
            root.resolve("src/b/y"));
  }

  @Test
  void aTreeTooSmallToShareIsOneWatchersWork() throws IOException {
    Path root = folders("src");
    WatchPlan plan = new WatchPlan(Set.of(root), Set.of(), dir -> false);

    WatchSplit split = WatchSplit.of(plan, 4);

    assertThat(split.subtrees()).hasSize(1);
    assertThat(covered(split, plan)).containsExactlyInAnyOrder(root, root.resolve("src"));
  }

  @Test
  void aTreeThatIsNotThereIsLeftToItsWatcher() throws IOException {
    Path missing = temp.resolve("gone");
    WatchPlan plan = new WatchPlan(Set.of(missing), Set.of(), dir -> false);

    WatchSplit split = WatchSplit.of(plan, 4);

    assertThat(split.topFolders()).isEmpty();
    assertThat(split.subtrees()).containsExactly(List.of(missing));
  }
}
