package dev.devd.watch;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Decides which folders directory-watcher walks and registers: the planned trees minus the folders
 * that are ignored as a whole, and the flat folders without their subfolders. Anything outside the
 * plan is neither registered nor reported.
 *
 * <p>directory-watcher walks every root twice when it starts (once to record folders, once to
 * register them). With file hashing off the first walk is only bookkeeping, so while {@link
 * #startupReplay} is on, the first walk of a root starts listing its folders on a thread of its own
 * and returns at once, and the second walk registers each folder as that listing finds it: reading
 * the disk and registering with the OS overlap instead of following each other.
 */
final class PlannedTreeVisitor implements FileTreeVisitor {
  private final WatchPlan plan;
  private final Set<Path> flatFolders;
  private final Set<Path> startFlat;
  private final Map<Path, FolderFeed> firstWalks = new HashMap<>();
  // Every folder handed to directory-watcher, which registers it: a DELETE event for one of them
  // means a folder of
  // ours went (directory-watcher's own event says so only for folders it walked itself, which
  // startupReplay skips).
  private final Set<Path> registered = ConcurrentHashMap.newKeySet();
  private volatile boolean startupReplay;
  private int startupFolders;

  PlannedTreeVisitor(WatchPlan plan) {
    this(plan, Set.of());
  }

  /**
   * @param startFlat folders of the trees registered without their subfolders at start, because
   *     other watchers register those ({@link WatchSplit}); folders created in them later are
   *     registered whole
   */
  PlannedTreeVisitor(WatchPlan plan, Set<Path> startFlat) {
    this.plan = plan;
    this.flatFolders = plan.flatFolders();
    this.startFlat = startFlat;
  }

  void startupReplay(boolean on) {
    startupReplay = on;
    if (!on) firstWalks.clear();
  }

  /** Whether this folder was registered (at start or since), whether or not it still exists. */
  boolean registered(Path folder) {
    return registered.contains(folder);
  }

  /** How many folders the start-up registration covered. */
  int startupFolders() {
    return startupFolders;
  }

  @Override
  public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile)
      throws IOException {
    if (startupReplay) {
      FolderFeed feed = firstWalks.remove(start);
      if (feed == null) {
        firstWalks.put(start, FolderFeed.start(found -> folders(start, found)));
      } else {
        for (Path folder = feed.next(); folder != null; folder = feed.next()) {
          startupFolders++;
          registered.add(folder);
          onDirectory.call(folder);
        }
      }
      return;
    }
    visit(start, onDirectory, onFile);
  }

  // A folder that appeared (or appeared again) after the start.
  private void visit(Path start, Callback onDirectory, Callback onFile) throws IOException {
    if (plan.isInTree(start)) {
      walkTree(start, onDirectory, onFile);
    } else if (isFlat(start)) {
      visitOnTheWay(start, onDirectory, onFile);
    }
  }

  // A flat folder, or one on the way to a flat folder that does not exist yet: registered without
  // its subfolders.
  private boolean isFlat(Path folder) {
    for (Path flat : flatFolders) {
      if (flat.startsWith(folder)) return true;
    }
    return false;
  }

  // Only folders are registered, so the start-up walk looks at folders only (files are not even
  // stat'ed where the
  // file system's link counts tell folders apart; see FolderWalker).
  private void folders(Path start, Consumer<Path> found) throws IOException {
    if (startFlat.contains(start)) {
      if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) found.accept(start);
    } else if (plan.isInTree(start)) {
      if (!plan.trees().contains(start) && plan.skipDirectory().test(start)) return;
      new FolderWalker(plan.skipDirectory()).walk(start, found);
    } else if (isFlat(start)) {
      found.accept(start);
    }
  }

  /** The folders a walk on its own thread finds, handed over one by one as it finds them. */
  private static final class FolderFeed {
    private static final Path END = Path.of("");
    private final BlockingQueue<Path> folders = new LinkedBlockingQueue<>();
    private volatile IOException failure;

    interface Walk {
      void run(Consumer<Path> found) throws IOException;
    }

    static FolderFeed start(Walk walk) {
      FolderFeed feed = new FolderFeed();
      Thread.ofPlatform()
          .daemon()
          .name("devd-watch-walk")
          .start(
              () -> {
                try {
                  walk.run(feed.folders::add);
                } catch (IOException e) {
                  feed.failure = e;
                } catch (RuntimeException e) {
                  feed.failure = new IOException(e.getMessage(), e);
                } finally {
                  feed.folders.add(END);
                }
              });
      return feed;
    }

    /** The next folder found, or null once the walk is over; the walk's failure, if it failed. */
    Path next() throws IOException {
      Path folder;
      try {
        folder = folders.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while registering folders");
      }
      if (folder != END) return folder;
      if (failure != null) throw failure;
      return null;
    }
  }

  private void walkTree(Path start, Callback onDirectory, Callback onFile) throws IOException {
    if (!plan.trees().contains(start) && plan.skipDirectory().test(start)) return;
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(start) && plan.skipDirectory().test(dir))
              return FileVisitResult.SKIP_SUBTREE;
            registered.add(dir);
            onDirectory.call(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isDirectory()) onFile.call(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            // A file deleted or made unreadable while we walk is not an error: its own event
            // follows.
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * A flat folder that appeared: it is registered without its subfolders, except those that are
   * planned trees or on the way to a planned folder (a {@code mkdir -p} may have made several
   * levels before this runs).
   */
  private void visitOnTheWay(Path folder, Callback onDirectory, Callback onFile)
      throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return;
    registered.add(folder);
    onDirectory.call(folder);
    List<Path> subfolders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          onFile.call(entry);
        } else if (plan.trees().contains(entry) || isFlat(entry)) {
          subfolders.add(entry);
        }
      }
    }
    for (Path subfolder : subfolders) visit(subfolder, onDirectory, onFile);
  }
}
