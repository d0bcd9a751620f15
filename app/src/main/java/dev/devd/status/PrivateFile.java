package dev.devd.status;

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
 * Writes a small file that only its owner may read, whole or not at all: to a new file created
 * owner-only, then moved into place, so that no other user can read it in between and no reader
 * sees half of it.
 */
final class PrivateFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFile() {}

  /**
   * Writes {@code text} to {@code target}, replacing it; creates its folder (owner-only) if
   * missing.
   */
  static Path write(Path target, String text) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      boolean posix =
          Files.getFileStore(existingAncestor(folder))
              .supportsFileAttributeView(PosixFileAttributeView.class);
      if (posix)
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
      else Files.createDirectories(folder);
    }
    boolean posix =
        Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class);
    String name = target.getFileName().toString();
    Path temp =
        posix
            ? Files.createTempFile(
                folder, name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(folder, name, ".tmp");
    try {
      Files.writeString(temp, text);
      // The umask may have taken bits away at creation; set exactly these.
      if (posix) Files.setPosixFilePermissions(temp, OWNER_ONLY);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path existingAncestor(Path folder) {
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    return existing == null ? folder.getRoot() : existing;
  }
}
