package dev.devd.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes devd's state folder beside devd.yaml, {@code .devd/}: private to its owner, with a {@code
 * .gitignore} that keeps devd's own state (session, logs, caches) out of version control and what
 * users write there themselves ({@code builders/}) in it.
 */
final class StateFolder {
  static final String NAME = ".devd";
  static final String GITIGNORE =
      """
      # Written by devd: its own state here (session, logs, caches) is not for version control.
      # What you write here yourself, such as builder presets in builders/, is kept.
      /*
      !/builders/
      """;

  private StateFolder() {}

  /**
   * Prepares the state folder of the project whose devd.yaml is {@code configFile}, when that file
   * exists.
   */
  static void prepare(Path configFile) {
    Path config = configFile.toAbsolutePath().normalize();
    if (Files.isRegularFile(config)) create(config.getParent().resolve(NAME));
  }

  /**
   * Creates {@code stateDir} if it is missing, and its {@code .gitignore} if that is missing: also
   * in a folder made by an older devd, or in a fresh clone that holds only the committed {@code
   * builders/}. A folder that cannot be written is left as it is: the command that needs it says
   * so.
   */
  static void create(Path stateDir) {
    try {
      if (!Files.isDirectory(stateDir)) {
        boolean posix =
            Files.getFileStore(stateDir.getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        if (posix) {
          Files.createDirectories(
              stateDir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(stateDir);
        }
      }
      Path gitignore = stateDir.resolve(".gitignore");
      if (!Files.exists(gitignore)) Files.writeString(Files.createFile(gitignore), GITIGNORE);
    } catch (FileAlreadyExistsException raced) {
      // Another devd wrote it at the same moment.
    } catch (IOException e) {
      // Not writable: the log goes to the temp folder (LogFile), and what needs .devd/ reports the
      // problem.
    }
  }
}
