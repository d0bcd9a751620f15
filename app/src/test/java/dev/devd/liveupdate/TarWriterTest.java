package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives written by TarWriter, read back by the system's GNU tar (and busybox tar, which
 * containers often have).
 */
class TarWriterTest {
  static final ProcessRunner runner = new ProcessRunner();

  @TempDir Path dir;
  Path src;
  Path out;

  @BeforeEach
  void createTree() throws IOException {
    src = Files.createDirectories(dir.resolve("src"));
    out = Files.createDirectories(dir.resolve("out"));
    write(src.resolve("a.txt"), "alpha\n", "rw-r--r--");
    write(src.resolve("run.sh"), "#!/bin/sh\necho hi\n", "rwxr-x---");
    write(src.resolve("nested/deep/x.txt"), "deep\n", "rw-------");
    Files.setPosixFilePermissions(
        src.resolve("nested"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(src.resolve("empty"));
    Files.setPosixFilePermissions(
        src.resolve("empty"), PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
    Files.setLastModifiedTime(
        src.resolve("a.txt"), FileTime.from(Instant.parse("2024-03-01T10:00:00Z")));
  }

  @Test
  void writesNamesModesTimesFoldersAndLinksThatTarReadsBack() throws Exception {
    Path extra = write(dir.resolve("other.txt"), "other\n", "rw-r-----");
    Path tar =
        archive(
            List.of(new FileCopy(src, "/app/src/"), new FileCopy(extra, "/etc/devd/other.txt")));

    assertThat(run("tar", "-tf", tar.toString()))
        .containsExactly(
            "app/src/",
            "app/src/a.txt",
            "app/src/empty/",
            "app/src/link",
            "app/src/nested/",
            "app/src/nested/deep/",
            "app/src/nested/deep/x.txt",
            "app/src/run.sh",
            "etc/devd/other.txt");
    run("tar", "-xpf", tar.toString(), "-C", out.toString());

    Path copied = out.resolve("app/src");
    assertThat(copied.resolve("a.txt")).hasContent("alpha");
    assertThat(copied.resolve("nested/deep/x.txt")).hasContent("deep");
    assertThat(out.resolve("etc/devd/other.txt")).hasContent("other");
    assertThat(mode(copied.resolve("a.txt"))).isEqualTo("rw-r--r--");
    assertThat(mode(copied.resolve("run.sh"))).isEqualTo("rwxr-x---");
    assertThat(mode(copied.resolve("nested/deep/x.txt"))).isEqualTo("rw-------");
    assertThat(mode(copied.resolve("empty"))).isEqualTo("rwx------");
    assertThat(mode(out.resolve("etc/devd/other.txt"))).isEqualTo("rw-r-----");
    assertThat(Files.readSymbolicLink(copied.resolve("link"))).isEqualTo(Path.of("a.txt"));
    assertThat(Files.getLastModifiedTime(copied.resolve("a.txt")).toInstant())
        .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
  }

  @Test
  void leavesOutFoldersAboveTheCopiedPaths() throws Exception {
    // Unpacking an entry for /etc would reset the mode of the container's /etc; the unpacking tar
    // creates what is missing.
    Path tar =
        archive(List.of(new FileCopy(src.resolve("nested/deep/x.txt"), "/etc/devd/deep/x.txt")));

    assertThat(run("tar", "-tf", tar.toString())).containsExactly("etc/devd/deep/x.txt");
    run("tar", "-xf", tar.toString(), "-C", out.toString());
    assertThat(out.resolve("etc/devd/deep/x.txt")).hasContent("deep");
  }

  @Test
  void keepsLongNamesWithUstarPrefixOrPaxHeaders() throws Exception {
    String splittable =
        "app/" + "folder-with-a-long-name/".repeat(5) + "file-name-of-some-length.txt"; // 152 bytes
    String oneLongSegment =
        "app/" + "x".repeat(120) + ".txt"; // a name of 124 bytes cannot be split
    String veryLong =
        "app/" + "very-long-folder-name-number-0123456789/".repeat(8) + "z.txt"; // 329 bytes
    String nonAscii = "app/" + "données-é-ü-日本語/".repeat(6) + "fichier.txt";
    Path file = src.resolve("a.txt");
    List<String> names = List.of(splittable, oneLongSegment, veryLong, nonAscii);
    List<FileCopy> copies = new ArrayList<>();
    for (String name : names) copies.add(new FileCopy(file, "/" + name));

    Path tar = archive(copies);

    assertThat(run("tar", "-tf", tar.toString())).containsExactlyElementsOf(names);
    run("tar", "-xf", tar.toString(), "-C", out.toString());
    for (String name : names) assertThat(out.resolve(name)).hasContent("alpha");
  }

  @Test
  void busyboxTarReadsLongNamesToo() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/bin/busybox")))
        .as("busybox-static is installed")
        .isTrue();
    String veryLong = "app/" + "very-long-folder-name-number-0123456789/".repeat(8) + "z.txt";
    Path tar =
        archive(
            List.of(
                new FileCopy(src, "/app/src"), new FileCopy(src.resolve("a.txt"), "/" + veryLong)));

    run("/bin/busybox", "tar", "-xf", tar.toString(), "-C", out.toString());

    assertThat(out.resolve(veryLong)).hasContent("alpha");
    assertThat(out.resolve("app/src/nested/deep/x.txt")).hasContent("deep");
    assertThat(mode(out.resolve("app/src/run.sh"))).isEqualTo("rwxr-x---");
  }

  @Test
  void keepsATimeBefore1970InAPaxHeader() throws Exception {
    Instant old = Instant.parse("1960-01-01T00:00:00Z");
    Files.setLastModifiedTime(src.resolve("a.txt"), FileTime.from(old));

    Path tar = archive(List.of(new FileCopy(src.resolve("a.txt"), "/app/old.txt")));
    run("tar", "-xf", tar.toString(), "-C", out.toString());

    assertThat(Files.getLastModifiedTime(out.resolve("app/old.txt")).toInstant()).isEqualTo(old);
  }

  @Test
  void leavesOutVanishedFilesAndWritesANameOnce() throws Exception {
    Path tar = dir.resolve("x.tar");
    int files;
    try (OutputStream stream = Files.newOutputStream(tar)) {
      files =
          TarWriter.write(
              List.of(
                  new FileCopy(src.resolve("gone.txt"), "/app/gone.txt"),
                  new FileCopy(src.resolve("a.txt"), "/app/a.txt"),
                  new FileCopy(src.resolve("a.txt"), "/app/a.txt"),
                  new FileCopy(src.resolve("nested"), "/app/nested"),
                  new FileCopy(src.resolve("nested/deep/x.txt"), "/app/nested/deep/x.txt")),
              stream);
    }

    assertThat(files).isEqualTo(2);
    assertThat(run("tar", "-tf", tar.toString()))
        .containsExactly("app/a.txt", "app/nested/", "app/nested/deep/", "app/nested/deep/x.txt");
  }

  @Test
  void endsOnAWholeRecordCountsFilesAndDeletesItsFileWhenClosed() throws Exception {
    SyncArchive archive = SyncArchive.of(List.of(new FileCopy(src, "/app")));
    assertThat(archive.bytes() % (20 * 512)).isZero();
    assertThat(archive.bytes()).isEqualTo(Files.size(archive.file()));
    assertThat(archive.files()).isEqualTo(4); // a.txt, link, nested/deep/x.txt, run.sh

    archive.close();

    assertThat(archive.file()).doesNotExist();
  }

  private Path archive(List<FileCopy> copies) throws IOException {
    Path tar = Files.createTempFile(dir, "archive", ".tar");
    try (OutputStream stream = Files.newOutputStream(tar)) {
      TarWriter.write(copies, stream);
    }
    return tar;
  }

  private static Path write(Path file, String text, String mode) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** Runs a command that must succeed; returns its output lines. */
  private List<String> run(String... argv) throws ProcessStartException {
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessResult result = runner.run(ProcessSpec.of(List.of(argv), dir), lines::add);
    assertThat(result.succeeded()).as(String.join(" ", argv) + " → " + lines).isTrue();
    return List.copyOf(lines);
  }
}
