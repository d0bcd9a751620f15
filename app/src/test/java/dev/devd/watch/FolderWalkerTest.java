package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWalkerTest {
  @TempDir Path temp;
  private Path root;
  private final Predicate<Path> skipNodeModules =
      dir -> dir.getFileName().toString().equals("node_modules");

  @BeforeEach
  void tree() throws IOException {
    root = temp.resolve("project");
    // Folders with only files, folders with files and subfolders, an empty folder, a skipped tree,
    // a symlink to a folder.
    for (int top = 0; top < 3; top++) {
      for (int sub = 0; sub < 4; sub++) {
        Path folder = root.resolve("src/top" + top + "/sub" + sub);
        Files.createDirectories(folder);
        for (int file = 0; file < 5; file++)
          Files.writeString(folder.resolve("f" + file + ".txt"), "x");
      }
      Files.writeString(root.resolve("src/top" + top + "/readme.md"), "x");
    }
    Files.createDirectories(root.resolve("src/empty"));
    Files.createDirectories(root.resolve("src/deep/a/b/c/d"));
    Files.createDirectories(root.resolve("node_modules/lib/dist"));
    Files.writeString(root.resolve("node_modules/lib/index.js"), "x");
    Files.createSymbolicLink(root.resolve("src/link"), root.resolve("src/top0"));
  }

  @Test
  void findsEveryFolderAPlainWalkFindsExceptSkippedOnes() throws IOException {
    assertThat(walk(new FolderWalker(skipNodeModules)))
        .containsExactlyInAnyOrderElementsOf(plainWalk());
  }

  @Test
  void findsTheSameFoldersWhereLinkCountsAreNotUsed() throws IOException {
    assertThat(walk(FolderWalker.examiningEveryEntry(skipNodeModules)))
        .containsExactlyInAnyOrderElementsOf(plainWalk());
  }

  @Test
  void neverAsksAboutFoldersBelowASkippedOne() throws IOException {
    List<Path> asked = new ArrayList<>();
    new FolderWalker(
            dir -> {
              asked.add(dir);
              return skipNodeModules.test(dir);
            })
        .walk(root, dir -> {});

    assertThat(asked)
        .contains(root.resolve("node_modules"))
        .noneMatch(dir -> dir.startsWith(root.resolve("node_modules/lib")));
  }

  @Test
  void walksNothingWhenTheStartIsNoFolder() throws IOException {
    assertThat(walk(new FolderWalker(skipNodeModules), root.resolve("src/top0/readme.md")))
        .isEmpty();
    assertThat(walk(new FolderWalker(skipNodeModules), root.resolve("missing"))).isEmpty();
  }

  @Test
  void seesAFolderCreatedBetweenTwoWalks() throws IOException {
    FolderWalker walker = new FolderWalker(skipNodeModules);
    walk(walker);
    Files.createDirectories(root.resolve("src/top1/sub2/new"));

    assertThat(walk(walker))
        .contains(root.resolve("src/top1/sub2/new"))
        .containsExactlyInAnyOrderElementsOf(plainWalk());
  }

  private List<Path> walk(FolderWalker walker) throws IOException {
    return walk(walker, root);
  }

  private static List<Path> walk(FolderWalker walker, Path start) throws IOException {
    List<Path> folders = new ArrayList<>();
    walker.walk(start, folders::add);
    return folders;
  }

  // The reference: every real folder (symlinks not followed) that is not node_modules or below it.
  private Set<Path> plainWalk() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return Set.copyOf(
          all.filter(path -> Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .filter(path -> !path.startsWith(root.resolve("node_modules")))
              .toList());
    }
  }
}
