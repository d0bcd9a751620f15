package dev.devd.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a program that outlives devd and the terminal devd was started from, the one process devd
 * starts and does not stop: in a session of its own ({@code setsid}, so closing the terminal sends
 * it no SIGHUP and Ctrl-C there does not reach it), with stdin from the null device and stdout and
 * stderr to a file only its owner may read.
 */
public final class DetachedLauncher {
  private static final File NULL_DEVICE =
      new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");

  private DetachedLauncher() {}

  /**
   * Starts {@code argv} in {@code dir}, its output replacing what {@code output} held. Where there
   * is no {@code setsid} (util-linux; not on macOS) the program starts in devd's session and must
   * ignore SIGHUP itself.
   */
  public static Process launch(List<String> argv, Path dir, Path output)
      throws ProcessStartException {
    List<String> command = new ArrayList<>();
    // setsid execs the program in place (a child of the JVM leads no process group), so its pid is
    // the program's.
    findOnPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
    command.addAll(argv);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE))
            .redirectErrorStream(true);
    try {
      builder.redirectOutput(ProcessBuilder.Redirect.to(ownerOnly(output).toFile()));
      return builder.start();
    } catch (IOException e) {
      throw ProcessStartException.explain(argv.getFirst(), dir, e);
    }
  }

  private static Path ownerOnly(Path file) throws IOException {
    Files.deleteIfExists(
        file); // a file made by someone else keeps its permissions; a new one gets these
    if (Files.getFileStore(file.toAbsolutePath().getParent())
        .supportsFileAttributeView(PosixFileAttributeView.class)) {
      return Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createFile(file);
  }

  private static Optional<Path> findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) continue;
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
