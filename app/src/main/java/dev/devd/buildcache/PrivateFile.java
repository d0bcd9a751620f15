package dev.devd.buildcache;

import dev.devd.config.StateFolder;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the cache's files in {@code .devd/cache/}: readable by their owner only (SPEC §6), and
 * atomically (a new file moved over the old one), so a reader, another devd, or a crash meets
 * either the old content or the new.
 */
final class PrivateFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private PrivateFile() {}

  /**
   * The folder of the cache's files ({@code .devd/cache/}) and {@code .devd/} itself, made private
   * when needed.
   */
  static Path folder(Path file) throws IOException {
    Path folder = file.getParent();
    StateFolder.create(folder.getParent());
    return StateFolder.create(folder);
  }

  static void write(Path file, byte[] content) throws IOException {
    Path folder = folder(file);
    boolean posix =
        Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class);
    Path temp =
        posix
            ? Files.createTempFile(
                folder,
                file.getFileName().toString(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, content);
      if (posix)
        Files.setPosixFilePermissions(
            temp, OWNER_ONLY); // the umask may have taken bits away at creation
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
