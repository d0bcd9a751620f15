package dev.devd.liveupdate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A live update step that could not be done in a container, with a message for the person at the
 * terminal: which container, what failed, and what to do.
 */
public final class SyncException extends Exception {
  // A failed command's message quotes at most this many of its last output lines; the rest is in
  // its output above.
  private static final int LINES_QUOTED = 5;
  // The Alpine and Debian packages of the programs devd runs in containers (the same name in both).
  private static final Map<String, String> PACKAGES =
      Map.of("tar", "tar", "rm", "coreutils", "head", "coreutils", "sh", "busybox");

  public SyncException(String message) {
    super(message);
  }

  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The exception for a helper command devd ran in a container ({@code tar}, {@code rm}) that
   * failed: when its exit code or output says one of {@code programs} is missing, a message that
   * names it and says how to add it; otherwise the command, its exit code and its last lines of
   * output.
   *
   * @param purpose what the command is for, such as {@code "to copy files into it"}
   * @param programs the programs the command needs in the container, the one most likely missing
   *     first
   */
  public static SyncException commandFailed(
      ContainerRef container,
      String purpose,
      String command,
      int exitCode,
      List<String> output,
      List<String> programs) {
    Optional<String> missing = missingProgram(exitCode, output, programs);
    if (missing.isPresent()) return missingProgram(container, missing.get(), purpose);
    List<String> last = output.subList(Math.max(0, output.size() - LINES_QUOTED), output.size());
    return new SyncException(
        "`"
            + command
            + "` failed in "
            + container.displayName()
            + " with exit code "
            + exitCode
            + (last.isEmpty() ? "" : ": " + String.join(" / ", last).strip()));
  }

  /** The message for a container that lacks a program devd needs in it. */
  public static SyncException missingProgram(
      ContainerRef container, String program, String purpose) {
    String packageName = PACKAGES.get(program);
    String add =
        packageName == null
            ? "add " + program + " to the image"
            : "add it to the image (apk add "
                + packageName
                + ", apt-get install "
                + packageName
                + ")";
    return new SyncException(
        container.displayName()
            + " has no `"
            + program
            + "`, which devd needs "
            + purpose
            + ": "
            + add
            + ", or use a base image that has it (busybox, alpine, debian-slim); if the image has it, set"
            + " PATH in the image so that it is found");
  }

  /**
   * Which of {@code programs} the output of a failed command says is missing: shells print {@code
   * tar: not found} or {@code tar: command not found}, container runtimes {@code "tar": executable
   * file not found in $PATH}. Exit code 127 with no such line means the first program.
   */
  static Optional<String> missingProgram(int exitCode, List<String> output, List<String> programs) {
    for (String line : output) {
      String lower = line.toLowerCase(Locale.ROOT);
      for (String program : programs) {
        if (lower.contains(program + ": not found")
            || lower.contains(program + ": command not found")
            || (lower.contains("\"" + program + "\"")
                && lower.contains("executable file not found"))
            || lower.contains("exec: " + program + ": not found")) {
          return Optional.of(program);
        }
      }
    }
    if (exitCode == 127 && !programs.isEmpty()) return Optional.of(programs.getFirst());
    return Optional.empty();
  }
}
