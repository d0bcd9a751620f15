package dev.devd.buildcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} says about a path, as far as the build cache cares: its kind, permission
 * bits, size and times. Symbolic links are never followed: a link is an input as a link (its
 * target's text), as Docker copies it.
 *
 * @param mode the nine permission bits (rwx for owner, group, others); 0 where the file system has
 *     none
 * @param identity the file's identity on its file system (device and inode, folded into a number),
 *     or 0 where there is none: a file replaced by another (a rename over it, as editors and {@code
 *     tar} do) is another file, even with the same size and time
 */
record FileStat(Kind kind, int mode, long size, long mtimeNanos, long identity) {
  /**
   * The kinds of path the cache tells apart; devices, sockets and pipes are OTHER and not inputs.
   */
  enum Kind {
    FILE,
    LINK,
    FOLDER,
    OTHER
  }

  private static volatile boolean posixView = true;

  // Written out: a record's generated equals goes through method handles, which cost more than the
  // lstat itself
  // while the JIT stops at C1, as devd's launcher has it; a restart compares 50,000 of these.
  @Override
  public boolean equals(Object other) {
    return other instanceof FileStat o
        && kind == o.kind
        && mode == o.mode
        && size == o.size
        && mtimeNanos == o.mtimeNanos
        && identity == o.identity;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(mtimeNanos) * 31 + Long.hashCode(size);
  }

  /** The path's stat, or empty when nothing is there. */
  static Optional<FileStat> of(Path path) throws IOException {
    try {
      return Optional.of(posixView ? posix(path) : basic(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (UnsupportedOperationException e) {
      posixView = false; // no POSIX attributes here (Windows): the basic ones from now on
      return of(path);
    }
  }

  // One lstat. The "unix:" view would add the status change time, at about 40 % more per file (it
  // builds a map of the
  // attributes; measured over the 50,000 files of the benchmark tree). The identity covers what the
  // status change
  // time would mostly catch: a file put in place with an old modification time.
  private static FileStat posix(Path path) throws IOException {
    return of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * The stat of {@code name} in the folder {@code folder} is open on, or empty when nothing is
   * there: the kernel resolves the name from the open folder instead of walking the whole path
   * again.
   */
  static Optional<FileStat> in(SecureDirectoryStream<Path> folder, Path name) throws IOException {
    if (!posixView) return of(name);
    try {
      return Optional.of(
          of(
              folder
                  .getFileAttributeView(
                      name.getFileName(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                  .readAttributes()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static FileStat of(PosixFileAttributes a) {
    int mode = 0;
    for (PosixFilePermission permission : a.permissions()) mode |= 0400 >> permission.ordinal();
    return new FileStat(kind(a), mode, a.size(), nanos(a.lastModifiedTime()), identity(a));
  }

  private static FileStat basic(Path path) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new FileStat(kind(a), 0, a.size(), nanos(a.lastModifiedTime()), identity(a));
  }

  private static Kind kind(BasicFileAttributes a) {
    return a.isSymbolicLink()
        ? Kind.LINK
        : a.isDirectory() ? Kind.FOLDER : a.isRegularFile() ? Kind.FILE : Kind.OTHER;
  }

  // The JDK's file key holds the device and inode and says nothing else about them; its hash folds
  // them together,
  // which is enough to notice a replaced file.
  private static long identity(BasicFileAttributes a) {
    Object key = a.fileKey();
    return key == null ? 0 : key.hashCode();
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }
}
