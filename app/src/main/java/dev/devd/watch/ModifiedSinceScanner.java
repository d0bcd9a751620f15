package dev.devd.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Finds what may have changed while events were lost: every file or folder of a {@link WatchPlan}
 * modified at or after a moment. A folder's time changes when an entry in it is created, renamed or
 * deleted, so deletions show up as their folder; a planned path that is missing is reported only if
 * its nearest existing folder changed since (it may have been deleted), not when it was never
 * there, such as a {@code .devdignore} no one wrote or a dep made later.
 */
final class ModifiedSinceScanner {
  private final WatchPlan plan;

  ModifiedSinceScanner(WatchPlan plan) {
    this.plan = plan;
  }

  void scan(Instant since, Consumer<Path> modified) throws IOException {
    for (Path tree : plan.outermostTrees()) {
      if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
        reportFile(tree, since, modified);
        continue;
      }
      Files.walkFileTree(
          tree,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(tree) && plan.skipDirectory().test(dir))
                return FileVisitResult.SKIP_SUBTREE;
              report(dir, attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              report(file, attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            private void report(Path path, BasicFileAttributes attrs) {
              if (!attrs.lastModifiedTime().toInstant().isBefore(since)) modified.accept(path);
            }
          });
    }
    for (Path file : plan.files()) reportFile(file, since, modified);
  }

  private static void reportFile(Path file, Instant since, Consumer<Path> modified) {
    // A missing file counts as changed only if its nearest existing folder changed: then it may
    // have been deleted.
    Path evidence =
        Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? file : WatchPlan.nearestExisting(file);
    if (changedSince(evidence, since)) modified.accept(file);
  }

  private static boolean changedSince(Path path, Instant since) {
    try {
      return !Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
          .toInstant()
          .isBefore(since);
    } catch (IOException goneMeanwhile) {
      return true;
    }
  }
}
