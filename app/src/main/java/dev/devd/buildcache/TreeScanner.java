package dev.devd.buildcache;

import dev.devd.ignore.IgnoreRules;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Finds the input files of an image under one of its deps: every file and symbolic link that its
 * ignore rules keep (the rules the watcher uses), folders ignored as a whole never entered, links
 * never followed. Folders are listed in parallel, as hashing is mostly waiting for the disk and the
 * kernel.
 */
final class TreeScanner {
  private final FileHasher hasher;
  private final Path root;
  private final ForkJoinPool pool;

  /**
   * @param root the project's folder: files are keyed by their path relative to it, so the digest
   *     does not depend on where the project is checked out
   */
  TreeScanner(FileHasher hasher, Path root, ForkJoinPool pool) {
    this.hasher = hasher;
    this.root = root;
    this.pool = pool;
  }

  /** {@code path} as the digest names it: relative to the project's folder, '/'-separated. */
  String key(Path path) {
    String relative = root.relativize(path).toString();
    return File.separatorChar == '/' ? relative : relative.replace(File.separatorChar, '/');
  }

  /**
   * Puts every input file at or below {@code start} into {@code files}.
   *
   * @param start a dep or a path below one
   * @param isDep whether {@code start} is a dep itself: a dep that is a link to a folder stands for
   *     that folder, a link below a dep is a link
   * @param reread read {@code start} even if the index vouches for it, as after the watcher
   *     reported it changed (a folder's files are still taken from the index when their stat is
   *     unchanged: the watcher reports changed files one by one)
   * @throws IOException for a file or folder that cannot be read: the digest would not say what the
   *     build sees
   */
  void scan(
      Path start, boolean isDep, IgnoreRules rules, Map<String, FileState> files, boolean reread)
      throws IOException {
    Optional<FileStat> stat = FileStat.of(start);
    if (stat.isEmpty()) return;
    FileStat.Kind kind = stat.get().kind();
    if (isDep && kind == FileStat.Kind.LINK && Files.isDirectory(start))
      kind = FileStat.Kind.FOLDER;
    switch (kind) {
      case FOLDER -> {
        if (rules.skipsDirectory(start)) return;
        try {
          pool.invoke(new Folder(start, key(start), rules, files));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
      case FILE, LINK -> {
        if (!rules.ignores(start)) add(start, stat.get(), files, reread);
      }
      case OTHER -> {}
    }
  }

  private void add(Path path, FileStat stat, Map<String, FileState> files, boolean reread)
      throws IOException {
    add(key(path), path, stat, files, reread);
  }

  private void add(
      String key, Path path, FileStat stat, Map<String, FileState> files, boolean reread)
      throws IOException {
    hasher.state(key, path, stat, reread).ifPresent(state -> files.put(key, state));
  }

  private final class Folder extends RecursiveAction {
    private final Path folder;
    private final String
        prefix; // the folder's key and '/', or nothing for the project's folder itself
    private final IgnoreRules rules;
    private final Map<String, FileState> files;

    Folder(Path folder, String key, IgnoreRules rules, Map<String, FileState> files) {
      this.folder = folder;
      this.prefix = key.isEmpty() ? "" : key + "/";
      this.rules = rules;
      this.files = files;
    }

    @Override
    protected void compute() {
      List<Folder> below = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        SecureDirectoryStream<Path> secure =
            entries instanceof SecureDirectoryStream<Path> s ? s : null;
        for (Path entry : entries) {
          Optional<FileStat> stat =
              secure != null ? FileStat.in(secure, entry) : FileStat.of(entry);
          if (stat.isEmpty()) continue; // deleted meanwhile: its event follows
          String key = prefix + entry.getFileName();
          switch (stat.get().kind()) {
            case FOLDER -> {
              if (!rules.skipsDirectory(entry)) below.add(new Folder(entry, key, rules, files));
            }
            case FILE, LINK -> {
              if (!rules.ignores(entry)) add(key, entry, stat.get(), files, false);
            }
            case OTHER -> {}
          }
        }
      } catch (NoSuchFileException gone) {
        return; // deleted meanwhile
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      invokeAll(below);
    }
  }
}
