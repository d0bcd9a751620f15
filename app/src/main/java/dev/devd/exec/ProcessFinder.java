package dev.devd.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the running processes whose environment carries a {@link ProcessMarker} mark, through
 * {@code /proc/<pid>/environ} (Linux; elsewhere it finds none). devd itself is never among them.
 *
 * <p>Each handle is taken before the environment is read, and a {@link ProcessHandle} signals only the process that
 * had its pid when the handle was taken (the JDK compares start times): so a pid that an unrelated process took over
 * in the meantime is neither matched nor signalled. One look costs a few milliseconds (two small reads per process of
 * this user); devd looks when it stops a command and when a run starts or ends, never while commands run.
 */
final class ProcessFinder {
  private static final Path PROC = Path.of("/proc");
  private static final boolean HAS_PROC = Files.isDirectory(PROC.resolve("self"));

  private ProcessFinder() {}

  /** The processes that carry {@code mark} (see {@link ProcessMarker#carries}). */
  static List<ProcessHandle> marked(String mark) {
    if (!HAS_PROC) return List.of();
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcessFinder::isPid)) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == self) continue;
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && ProcessMarker.carries(environ(process), mark)) found.add(handle.get());
      }
    } catch (IOException e) {
      // /proc unreadable: nothing to find
    }
    return found;
  }

  private static boolean isPid(Path path) {
    String name = path.getFileName().toString();
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return false;
    return true;
  }

  private static byte[] environ(Path process) {
    try {
      return Files.readAllBytes(process.resolve("environ"));
    } catch (IOException e) {
      return new byte[0]; // another user's process (not readable), a kernel thread, or gone
    }
  }
}
