package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devd.testing.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFolderTest {
  @TempDir Path temp;

  private List<String> git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", temp.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void gitSeesWhatUsersWriteInTheStateFolderButNotDevdsOwnState() throws Exception {
    TestProject project = new TestProject(temp);
    git("init", "-q");
    project.write("devd.yaml", "images: []\n");

    StateFolder.prepare(project.path("devd.yaml"));
    project.write(".devd/session.json", "{}");
    project.write(".devd/devd.log", "log");
    project.write(".devd/detached.log", "log");
    project.write(".devd/cache/digests.json", "{}");
    project.write(".devd/builders/mine.yaml", "command: make\n");

    assertThat(git("status", "--porcelain", "--untracked-files=all"))
        .containsExactlyInAnyOrder("?? .devd/builders/mine.yaml", "?? devd.yaml");
  }

  @Test
  void theFolderIsPrivateToItsOwner() throws Exception {
    assumeTrue(
        Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class),
        "POSIX permissions");

    StateFolder.create(temp.resolve(".devd"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve(".devd"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aFolderWithoutOneGetsItsGitignoreAndAnEditedOneIsKept() throws Exception {
    Path stateDir = Files.createDirectories(temp.resolve(".devd/builders"));
    StateFolder.create(temp.resolve(".devd"));
    assertThat(Files.readString(temp.resolve(".devd/.gitignore"))).isEqualTo(StateFolder.GITIGNORE);

    Files.writeString(temp.resolve(".devd/.gitignore"), "*\n");
    StateFolder.create(stateDir.getParent());

    assertThat(Files.readString(temp.resolve(".devd/.gitignore"))).isEqualTo("*\n");
  }

  @Test
  void noProjectNoFolder() {
    StateFolder.prepare(temp.resolve("devd.yaml"));

    assertThat(temp.resolve(".devd")).doesNotExist();
  }
}
