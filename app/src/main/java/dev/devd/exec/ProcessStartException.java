package dev.devd.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thrown when a command cannot be started at all: its program or working folder is missing, or the
 * program may not be run.
 *
 * <p>The message reads {@code cannot start "PROGRAM": PROBLEM; FIX}, e.g. {@code cannot start
 * "kim": no such program on PATH; install it or check its spelling}. Callers that know where the
 * command came from can build their own text from {@link #program()}, {@link #problem()} and {@link
 * #fix()}.
 */
public final class ProcessStartException extends Exception {
  // The JDK reports the OS error only inside the message text: "error=2, ..." up to JDK 21, "error:
  // 2 (...)" since.
  private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)");
  private static final int ENOENT = 2;
  private static final int EACCES = 13;

  private final String program;
  private final String problem;
  private final String fix;

  ProcessStartException(String program, String problem, String fix, Throwable cause) {
    super("cannot start \"" + program + "\": " + problem + "; " + fix, cause);
    this.program = Objects.requireNonNull(program);
    this.problem = Objects.requireNonNull(problem);
    this.fix = Objects.requireNonNull(fix);
  }

  /** The program as the command names it (argv[0]). */
  public String program() {
    return program;
  }

  /** What is wrong, e.g. {@code no such program on PATH}. */
  public String problem() {
    return problem;
  }

  /** What the user can do about it, e.g. {@code install it or check its spelling}. */
  public String fix() {
    return fix;
  }

  /** The working folder is missing or not a folder; null when it is fine. */
  static ProcessStartException checkDir(String program, Path dir) {
    if (Files.isDirectory(dir)) return null;
    if (Files.exists(dir)) {
      return new ProcessStartException(
          program,
          "its working folder " + dir + " is a file, not a folder",
          "point the command at a folder",
          null);
    }
    return new ProcessStartException(
        program,
        "its working folder " + dir + " does not exist",
        "create it or point the command at an existing folder",
        null);
  }

  /**
   * Turns the JDK's failure to start {@code program} in {@code dir} into what went wrong and what
   * to do.
   */
  static ProcessStartException explain(String program, Path dir, IOException failure) {
    ProcessStartException badDir =
        checkDir(program, dir); // it may have gone since the check before starting
    if (badDir != null) {
      badDir.initCause(failure);
      return badDir;
    }
    int errno = errno(failure);
    if (program.contains("/")) {
      Path file = dir.resolve(program).normalize();
      if (!Files.exists(file)) {
        return new ProcessStartException(
            program,
            "no such file " + file,
            "check the path; a relative path starts" + " in the command's working folder " + dir,
            failure);
      }
      if (Files.isDirectory(file)) {
        return new ProcessStartException(
            program, file + " is a folder, not a program", "name the program inside it", failure);
      }
      if (!Files.isExecutable(file) || errno == EACCES) {
        return new ProcessStartException(
            program,
            file + " is not executable",
            "make it executable (chmod +x " + program + ") or run it through its interpreter",
            failure);
      }
      if (errno == ENOENT) {
        // execve says ENOENT for an existing file when the interpreter named on its #! line is
        // missing.
        return new ProcessStartException(
            program,
            "the interpreter on the #! line of " + file + " was not found",
            "install that interpreter or fix the script's first line",
            failure);
      }
    } else if (errno == ENOENT) {
      if (Files.isRegularFile(dir.resolve(program))) {
        return new ProcessStartException(
            program,
            "no such program on PATH",
            "to run the file " + program + " in " + dir + ", write ./" + program,
            failure);
      }
      return new ProcessStartException(
          program, "no such program on PATH", "install it or check its spelling", failure);
    } else if (errno == EACCES) {
      return new ProcessStartException(
          program,
          "a \"" + program + "\" on PATH is not executable",
          "fix its permissions or install it again",
          failure);
    }
    return new ProcessStartException(
        program, osMessage(failure), "check the program and its working folder " + dir, failure);
  }

  private static int errno(IOException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() == null) continue;
      Matcher m = ERRNO.matcher(t.getMessage());
      if (m.find()) return Integer.parseInt(m.group(1));
    }
    return -1;
  }

  private static String osMessage(IOException failure) {
    String message = failure.getMessage();
    if (message == null) return failure.getClass().getSimpleName();
    // Drop the JDK's 'Cannot run program "x" (in directory "y"): ' prefix; our own message names
    // both already.
    int colon = message.indexOf("): ");
    if (colon < 0) colon = message.indexOf("\": ");
    return (colon >= 0 ? message.substring(colon + 3) : message).strip();
  }
}
