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
 * <p>Each handle is taken before the environment is read, and a {@link ProcessHandle} signals only
 * the process that had its pid when the handle was taken (the JDK compares start times): so a pid
 * that an unrelated process took over in the meantime is neither matched nor signalled. One look
 * costs a few milliseconds (two small reads per process of this user); devd looks when it stops a
 * command and when a run starts or ends, never while commands run.
 */
final class ProcessFinder {
  private static final Path PROC = Path.of("/proc");
  private static final boolean HAS_PROC = Files.isDirectory(PROC.resolve("self"));

  private ProcessFinder() {}

  /**
   * The processes that carry {@code mark} (see {@link ProcessMarker#carries}), of all the
   * machine's.
   */
  static List<ProcessHandle> marked(String mark) {
    if (!HAS_PROC) return List.of();
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, ProcessFinder::isPid)) {
      for (Path process : processes) pids.add(Long.parseLong(process.getFileName().toString()));
    } catch (IOException e) {
      return List.of(); // /proc unreadable: nothing to find
    }
    return marked(mark, pids);
  }

  /**
   * The processes of this devd's run that carry {@code mark}: where devd runs in a cgroup of its
   * own, only its members are looked at (a handful, where the machine has hundreds of processes),
   * else all.
   */
  static List<ProcessHandle> markedInThisRun(String mark) {
    Optional<RunCgroup> group = RunCgroup.current();
    if (group.isEmpty() || !HAS_PROC) return marked(mark);
    return marked(mark, group.get().members().stream().map(ProcessHandle::pid).toList());
  }

  private static List<ProcessHandle> marked(String mark, List<Long> pids) {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> found = new ArrayList<>();
    for (long pid : pids) {
      if (pid == self) continue;
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()
          && ProcessMarker.carries(environ(PROC.resolve(Long.toString(pid))), mark)) {
        found.add(handle.get());
      }
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
