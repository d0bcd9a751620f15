package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFolderTest {
  @TempDir Path temp;

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aNewStateFolderIsTheOwnersOnly() throws IOException {
    Path folder = StateFolder.create(temp.resolve("project/.devd"));

    assertThat(folder).isDirectory();
    assertThat(mode(folder)).isEqualTo("rwx------");
  }

  @Test
  void anOpenStateFolderAndFileAreMadePrivateAndKeepTheirContent() throws IOException {
    Path folder = Files.createDirectories(temp.resolve(".devd"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));
    Path file = Files.writeString(folder.resolve("devd.log"), "kept\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

    StateFolder.create(folder);
    StateFolder.createFile(file);

    assertThat(mode(folder)).isEqualTo("rwx------");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(file).hasContent("kept");
  }

  @Test
  void aNewFileIsEmptyAndTheOwnersOnly() throws IOException {
    Path file =
        StateFolder.createFile(StateFolder.create(temp.resolve(".devd")).resolve("devd.log"));

    assertThat(file).isEmptyFile();
    assertThat(mode(file)).isEqualTo("rw-------");
  }
}
