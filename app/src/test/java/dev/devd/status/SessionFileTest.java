package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {
  @TempDir Path temp;

  private final SessionFile session =
      new SessionFile(10350, "s3cr3t-token", ProcessHandle.current().pid());

  @Test
  void readsBackWhatItWrote() throws Exception {
    Path stateDir = temp.resolve(".devd");

    Path file = session.writeTo(stateDir);

    assertThat(file).isEqualTo(stateDir.resolve("session.json"));
    assertThat(SessionFile.readFrom(stateDir)).contains(session);
    assertThat(session.url()).hasToString("http://127.0.0.1:10350/");
    assertThat(session.running()).isTrue();
    try (var files = Files.list(stateDir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void onlyItsOwnerCanReadIt() throws Exception {
    assumeTrue(
        Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class),
        "POSIX permissions");

    Path file = session.writeTo(temp);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void replacesAnOlderSession() throws Exception {
    new SessionFile(1, "old", 1).writeTo(temp);

    session.writeTo(temp);

    assertThat(SessionFile.readFrom(temp)).contains(session);
  }

  @Test
  void thereIsNoneWhereDevdUpNeverRan() throws Exception {
    assertThat(SessionFile.readFrom(temp.resolve(".devd"))).isEmpty();
  }

  @Test
  void aSessionWhoseProcessEndedIsNotRunning() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();

    assertThat(new SessionFile(10350, "t", ended.pid()).running()).isFalse();
  }

  @Test
  void deletesTheFileOnlyWhileItIsStillItsOwn() throws Exception {
    session.writeTo(temp);
    SessionFile later = new SessionFile(10351, "newer", session.pid());
    later.writeTo(temp);

    session.deleteFrom(temp);
    assertThat(SessionFile.readFrom(temp)).contains(later);

    later.deleteFrom(temp);
    assertThat(SessionFile.readFrom(temp)).isEmpty();
  }

  @Test
  void aGarbledFileSaysWhatToDo() throws Exception {
    Files.writeString(temp.resolve("session.json"), "{\"port\": \"x\"");

    assertThatThrownBy(() -> SessionFile.readFrom(temp))
        .hasMessage(
            temp.resolve("session.json")
                + " is not a devd session file (it needs port, token and pid);"
                + " delete it and restart devd up");
  }

  @Test
  void readsTheThreeFieldsWhateverElseTheFileHolds() throws Exception {
    Files.writeString(
        temp.resolve("session.json"),
        "{\"url\": {\"port\": 1}, \"port\": 10350, \"tags\": [1, {\"pid\": 2}], \"token\": \"s3cr3t-token\", \"pid\": "
            + ProcessHandle.current().pid()
            + "}");

    assertThat(SessionFile.readFrom(temp)).contains(session);
  }

  @Test
  void aFieldOfTheWrongTypeSaysWhatToDo() throws Exception {
    Files.writeString(
        temp.resolve("session.json"),
        "{\"port\": {\"number\": 10350}, \"token\": \"t\", \"pid\": 5}");

    assertThatThrownBy(() -> SessionFile.readFrom(temp))
        .hasMessageContaining("is not a devd session file");
  }

  @Test
  void itsTextKeepsTheTokenOut() {
    assertThat(session.toString()).doesNotContain("s3cr3t-token").contains("10350");
    assertThat(Optional.of(session).toString()).doesNotContain("s3cr3t-token");
  }
}
