package dev.devd.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes devd's files private to their owner: the project's {@code .devd/} folder ({@link
 * ProjectConfig#stateDir()}) readable by its owner only (rwx------), and files in it rw-------,
 * since they hold build output, the API token and what devd applied. Where the file system has no
 * POSIX permissions (Windows), folders and files are made as usual.
 */
public final class StateFolder {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private StateFolder() {}

  /**
   * Creates {@code folder} (and missing parents, as usual) private to its owner, or makes an
   * existing one private: a {@code .devd/} made by an older devd was readable by every user.
   */
  public static Path create(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder.toAbsolutePath().getParent());
      if (posix(folder.toAbsolutePath().getParent())) {
        try {
          Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException raced) {
          // Another devd made it a moment ago; its permissions are set below.
        }
      } else {
        Files.createDirectories(folder);
      }
    }
    // The umask may have taken bits away at creation, and an old folder may have more: set exactly
    // these.
    if (posix(folder)) Files.setPosixFilePermissions(folder, FOLDER);
    return folder;
  }

  /**
   * Creates {@code file} empty and private to its owner if it is missing, or makes an existing one
   * private.
   */
  public static Path createFile(Path file) throws IOException {
    boolean posix = posix(file.toAbsolutePath().getParent());
    if (!Files.exists(file)) {
      try {
        if (posix) Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        else Files.createFile(file);
      } catch (FileAlreadyExistsException raced) {
        // Made by another process a moment ago; its permissions are set below.
      }
    }
    if (posix) Files.setPosixFilePermissions(file, FILE);
    return file;
  }

  private static boolean posix(Path existing) throws IOException {
    return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
