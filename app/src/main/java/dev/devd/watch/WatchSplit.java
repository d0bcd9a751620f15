package dev.devd.watch;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the planned trees are shared out between several watchers that register their folders at the
 * same time: the top folders of each tree, down to where it fans out, are registered on their own
 * (without their subfolders) by the first watcher, and the subtrees below them go to the watchers
 * in turn.
 *
 * <p>Why: the JDK's watch service registers each folder by a round trip to its poller thread, about
 * 85 µs, one at a time per watcher; 2,500 folders took 239 ms from one thread and 68 ms from four
 * (measured with a probe on a 2-core machine). Folders created later are registered, with
 * everything below them, by the watcher that saw them appear, so a split never leaves a folder
 * unwatched.
 *
 * @param topFolders folders registered without their subfolders at start (their subfolders are in
 *     {@code subtrees})
 * @param subtrees per watcher, the folders it registers with everything below them at start
 */
record WatchSplit(Set<Path> topFolders, List<List<Path>> subtrees) {
  // Fan out until there are this many subtrees per watcher, so a big subtree or two cannot leave
  // the others idle,
  // but go no deeper than this: every level is read before any watcher starts.
  private static final int SUBTREES_PER_WATCHER = 8;
  private static final int MAX_DEPTH = 3;

  WatchSplit {
    topFolders = Set.copyOf(topFolders);
    subtrees = subtrees.stream().map(List::copyOf).toList();
  }

  /** All of {@code plan}'s trees for one watcher: nothing is split. */
  static WatchSplit whole(WatchPlan plan) {
    return new WatchSplit(Set.of(), List.of(List.copyOf(plan.outermostTrees())));
  }

  /**
   * {@code plan}'s trees shared out between {@code watchers} watchers (fewer when the trees have
   * too few folders).
   */
  static WatchSplit of(WatchPlan plan, int watchers) throws IOException {
    Set<Path> top = new LinkedHashSet<>();
    List<Path> frontier = new ArrayList<>();
    for (Path tree : plan.outermostTrees()) {
      if (!plan.trees().contains(tree) && plan.skipDirectory().test(tree)) continue;
      frontier.add(tree);
    }
    for (int depth = 0;
        depth < MAX_DEPTH && frontier.size() < watchers * SUBTREES_PER_WATCHER;
        depth++) {
      List<Path> next = new ArrayList<>();
      for (Path folder : frontier) {
        List<Path> children = subfolders(folder, plan);
        if (children == null) {
          next.add(
              folder); // unreadable or gone: left whole, for its watcher to register what it can
        } else {
          top.add(folder);
          next.addAll(children);
        }
      }
      frontier = next;
    }
    int used = Math.max(1, Math.min(watchers, frontier.size()));
    List<List<Path>> subtrees = new ArrayList<>();
    for (int i = 0; i < used; i++) subtrees.add(new ArrayList<>());
    for (int i = 0; i < frontier.size(); i++) subtrees.get(i % used).add(frontier.get(i));
    return new WatchSplit(top, subtrees);
  }

  // The folders directly in this one that are watched, or null when it cannot be read.
  private static List<Path> subfolders(Path folder, WatchPlan plan) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return null;
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(
            folder, entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))) {
      for (Path entry : entries) {
        if (!plan.skipDirectory().test(entry)) children.add(entry);
      }
    } catch (IOException | DirectoryIteratorException e) {
      // The iterator reports a folder it may list but not read (/proc/1/map_files, even for root)
      // unchecked.
      return null;
    }
    return children;
  }
}
