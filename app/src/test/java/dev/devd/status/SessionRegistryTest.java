package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRegistryTest {
  @TempDir Path temp;

  private final long self = ProcessHandle.current().pid();

  private SessionRegistry.Entry runningHere(String name) throws Exception {
    Path project = Files.createDirectories(temp.resolve(name));
    SessionFile session =
        new SessionFile(10350, "token", self, ProcessHandle.current().info().startInstant(), true);
    session.writeTo(project.resolve(".devd"));
    return new SessionRegistry.Entry(project, project.resolve(".devd"), self);
  }

  @Test
  void listsARunningDevdWithItsSession() throws Exception {
    SessionRegistry registry = new SessionRegistry(temp.resolve("run/devd"));
    SessionRegistry.Entry entry = runningHere("web");

    registry.add(entry);

    assertThat(registry.running())
        .singleElement()
        .satisfies(
            running -> {
              assertThat(running.entry()).isEqualTo(entry);
              assertThat(running.session().port()).isEqualTo(10350);
            });
  }

  @Test
  void dropsTheEntriesOfDevdsThatEnded() throws Exception {
    SessionRegistry registry = new SessionRegistry(temp.resolve("run/devd"));
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path gone = Files.createDirectories(temp.resolve("gone"));
    new SessionFile(10351, "t", ended.pid()).writeTo(gone.resolve(".devd"));
    registry.add(new SessionRegistry.Entry(gone, gone.resolve(".devd"), ended.pid()));
    Path stopped =
        Files.createDirectories(temp.resolve("stopped")); // ended cleanly: its session file is gone
    registry.add(new SessionRegistry.Entry(stopped, stopped.resolve(".devd"), self));
    Files.writeString(registry.folder().resolve("garbled.json"), "{");

    assertThat(registry.running()).isEmpty();
    try (var files = Files.list(registry.folder())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aProcessThatReusedThePidIsNotTheDevd() throws Exception {
    Path project = Files.createDirectories(temp.resolve("web"));
    new SessionFile(10350, "t", self, Optional.of(Instant.parse("2000-01-01T00:00:00Z")), true)
        .writeTo(project.resolve(".devd"));
    SessionRegistry registry = new SessionRegistry(temp.resolve("run/devd"));
    registry.add(new SessionRegistry.Entry(project, project.resolve(".devd"), self));

    assertThat(registry.running()).isEmpty();
  }

  @Test
  void removesAnEntry() throws Exception {
    SessionRegistry registry = new SessionRegistry(temp.resolve("run/devd"));
    registry.add(runningHere("web"));

    registry.remove(self);

    assertThat(registry.running()).isEmpty();
  }

  @Test
  void onlyItsOwnerCanReadIt() throws Exception {
    assumeTrue(
        Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class),
        "POSIX permissions");
    SessionRegistry registry = new SessionRegistry(temp.resolve("state/devd/running"));

    registry.add(runningHere("web"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry.folder())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(registry.folder().resolve(self + ".json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void livesInTheRuntimeFolderWhenThereIsOneElseInTheHomesStateFolder() throws Exception {
    Path runtime = Files.createDirectories(temp.resolve("run/user/1000"));
    Path home = temp.resolve("home");

    assertThat(SessionRegistry.folderFor(Map.of("XDG_RUNTIME_DIR", runtime.toString()), home))
        .isEqualTo(runtime.resolve("devd"));
    assertThat(SessionRegistry.folderFor(Map.of(), home))
        .isEqualTo(home.resolve(".local/state/devd/running"));
    assertThat(
            SessionRegistry.folderFor(
                Map.of("XDG_RUNTIME_DIR", temp.resolve("missing").toString()), home))
        .isEqualTo(home.resolve(".local/state/devd/running"));
  }

  @Test
  void noRegistryYetMeansNoDevd() throws Exception {
    assertThat(new SessionRegistry(temp.resolve("never")).running()).isEmpty();
  }
}
