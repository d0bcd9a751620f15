package dev.devd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs, as a user would check with {@code ps}: a zombie waiting to be
 * reaped has ended.
 */
public final class Processes {
  private Processes() {}

  public static boolean isRunning(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) return false;
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat);
      // The state follows the command name, which is in parentheses and may itself hold spaces or
      // parentheses.
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException gone) {
      return !Files.isDirectory(Path.of("/proc")) && ProcessHandle.of(pid).isPresent();
    }
  }
}
