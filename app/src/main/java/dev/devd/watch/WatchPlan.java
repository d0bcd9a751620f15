package dev.devd.watch;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the watcher registers with the operating system: whole folder trees, single files (their
 * folder is watched without its subfolders), and which folders inside the trees to leave out
 * entirely because everything in them is ignored by every target that watches them.
 *
 * <p>A tree or a flat folder need not exist yet. Its nearest existing ancestor is then watched
 * without its subfolders, and so is each folder on the way down to it as it appears (not their
 * other subfolders), so its appearance is seen; a tree that appears is registered whole, as a
 * folder created inside a tree is.
 *
 * @param trees folders watched with all their subfolders (absolute); a path that does not exist yet
 *     may also appear as a file, which its parent folder's watch reports
 * @param files single files watched (absolute); their parent folder is watched flat
 * @param folders more folders watched flat, such as the folder of a glob whose files may appear
 *     later
 * @param skipDirectory true for a folder that must never be registered (nor anything below it)
 */
public record WatchPlan(
    Set<Path> trees, Set<Path> files, Set<Path> folders, Predicate<Path> skipDirectory) {
  public WatchPlan {
    trees = Set.copyOf(trees);
    files = Set.copyOf(files);
    folders = Set.copyOf(folders);
  }

  public WatchPlan(Set<Path> trees, Set<Path> files, Predicate<Path> skipDirectory) {
    this(trees, files, Set.of(), skipDirectory);
  }

  /** The trees, without those inside another tree. */
  Set<Path> outermostTrees() {
    Set<Path> result = new TreeSet<>();
    for (Path tree : trees) {
      if (trees.stream().noneMatch(other -> !other.equals(tree) && tree.startsWith(other)))
        result.add(tree);
    }
    return result;
  }

  /**
   * Folders watched without their subfolders: the folder of each single file, and the parent of
   * each tree (so that a tree folder deleted and created again is noticed), unless a tree already
   * covers them.
   */
  Set<Path> flatFolders() {
    Set<Path> result = new TreeSet<>();
    for (Path file : files) addFlat(result, file.getParent());
    for (Path folder : folders) addFlat(result, folder);
    for (Path tree : outermostTrees()) addFlat(result, tree.getParent());
    return result;
  }

  /**
   * The folders registered without their subfolders at start: the flat folders, each replaced,
   * while it does not exist, by its nearest existing ancestor.
   */
  Set<Path> flatRoots() {
    Set<Path> result = new TreeSet<>();
    for (Path folder : flatFolders()) result.add(nearestExisting(folder));
    return result;
  }

  private void addFlat(Set<Path> result, Path folder) {
    if (folder == null) return;
    if (outermostTrees().stream().anyMatch(folder::startsWith)) return;
    result.add(folder);
  }

  /** The path itself if it exists, else its nearest ancestor that does (the root at worst). */
  static Path nearestExisting(Path path) {
    Path existing = path;
    while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    return existing;
  }

  boolean isInTree(Path path) {
    for (Path tree : trees) if (path.startsWith(tree)) return true;
    return false;
  }
}
