package dev.devd.buildcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} says about a path, as far as the build cache cares: its kind, permission bits, size and
 * times. Symbolic links are never followed: a link is an input as a link (its target's text), as Docker copies it.
 *
 * @param mode the permission bits (including setuid, setgid and sticky); 0 where the file system has none
 * @param ctimeNanos the status change time where the system keeps one (else the modification time): unlike the
 *     modification time it cannot be set back by {@code touch -d}, {@code tar} or {@code rsync -t}
 * @param inode the inode number, or 0 where there is none
 */
record FileStat(Kind kind, int mode, long size, long mtimeNanos, long ctimeNanos, long inode) {
  /** The kinds of path the cache tells apart; devices, sockets and pipes are OTHER and not inputs. */
  enum Kind { FILE, LINK, FOLDER, OTHER }

  private static final String UNIX = "unix:mode,size,lastModifiedTime,ctime,ino,isRegularFile,isDirectory,isSymbolicLink";
  private static final int PERMISSION_BITS = 07777;
  private static volatile boolean unixView = true;

  /** The path's stat, or empty when nothing is there. */
  static Optional<FileStat> of(Path path) throws IOException {
    try {
      return Optional.of(unixView ? unix(path) : portable(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      unixView = false; // not a Unix file system provider (Windows): the portable views from now on
      return of(path);
    }
  }

  private static FileStat unix(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, UNIX, LinkOption.NOFOLLOW_LINKS);
    Kind kind = (Boolean) a.get("isSymbolicLink") ? Kind.LINK
        : (Boolean) a.get("isDirectory") ? Kind.FOLDER
        : (Boolean) a.get("isRegularFile") ? Kind.FILE : Kind.OTHER;
    return new FileStat(kind, (Integer) a.get("mode") & PERMISSION_BITS, (Long) a.get("size"),
        nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")), (Long) a.get("ino"));
  }

  private static FileStat portable(Path path) throws IOException {
    var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Kind kind = basic.isSymbolicLink() ? Kind.LINK : basic.isDirectory() ? Kind.FOLDER
        : basic.isRegularFile() ? Kind.FILE : Kind.OTHER;
    int mode = 0;
    try {
      PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      for (PosixFilePermission permission : posix.permissions()) mode |= 0400 >> permission.ordinal();
    } catch (UnsupportedOperationException e) {
      // No permission bits here (Windows): the mode is no input.
    }
    long mtime = nanos(basic.lastModifiedTime());
    return new FileStat(kind, mode, basic.size(), mtime, mtime, 0);
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }
}
