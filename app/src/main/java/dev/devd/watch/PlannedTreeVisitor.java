package dev.devd.watch;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which folders directory-watcher walks and registers: the planned trees minus the folders that are ignored
 * as a whole, and the flat folders without their subfolders. Anything outside the plan is neither registered nor
 * reported.
 *
 * <p>directory-watcher walks every root twice when it starts (once to record folders, once to register them). With
 * file hashing off the first walk is only bookkeeping, so while {@link #startupReplay} is on, the first walk lists
 * folders only and the second walk of a root replays them instead of reading the disk again.
 */
final class PlannedTreeVisitor implements FileTreeVisitor {
  private final WatchPlan plan;
  private final Set<Path> flatFolders;
  private final Map<Path, List<Path>> firstWalks = new HashMap<>();
  private volatile boolean startupReplay;
  private int startupFolders;

  PlannedTreeVisitor(WatchPlan plan) {
    this.plan = plan;
    this.flatFolders = plan.flatFolders();
  }

  void startupReplay(boolean on) {
    startupReplay = on;
    if (!on) firstWalks.clear();
  }

  /** How many folders the start-up registration covered. */
  int startupFolders() {
    return startupFolders;
  }

  @Override
  public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
    if (startupReplay) {
      List<Path> recorded = firstWalks.remove(start);
      if (recorded == null) {
        firstWalks.put(start, folders(start));
      } else {
        startupFolders += recorded.size();
        for (Path folder : recorded) onDirectory.call(folder);
      }
      return;
    }
    if (plan.isInTree(start)) {
      walkTree(start, onDirectory, onFile);
    } else if (flatFolders.contains(start)) {
      visitFlat(start, onDirectory, onFile);
    }
  }

  // Only folders are registered, so the start-up walk looks at folders only (files are not even stat'ed where the
  // file system's link counts tell folders apart; see FolderWalker).
  private List<Path> folders(Path start) throws IOException {
    List<Path> result = new ArrayList<>();
    if (plan.isInTree(start)) {
      if (!plan.trees().contains(start) && plan.skipDirectory().test(start)) return result;
      new FolderWalker(plan.skipDirectory()).walk(start, result::add);
    } else if (flatFolders.contains(start)) {
      result.add(start);
    }
    return result;
  }

  private void walkTree(Path start, Callback onDirectory, Callback onFile) throws IOException {
    if (!plan.trees().contains(start) && plan.skipDirectory().test(start)) return;
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(start) && plan.skipDirectory().test(dir)) return FileVisitResult.SKIP_SUBTREE;
        onDirectory.call(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isDirectory()) onFile.call(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // A file deleted or made unreadable while we walk is not an error: its own event follows.
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void visitFlat(Path folder, Callback onDirectory, Callback onFile) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return;
    onDirectory.call(folder);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) onFile.call(entry);
      }
    }
  }
}
