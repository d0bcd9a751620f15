package dev.devd.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run: its argv (run as it is, with no shell in between), its working folder, the
 * variables added to devd's own environment ({@code extraEnv} wins), an optional time limit, and
 * optional text for its stdin (a few lines, such as the registry a credential helper is asked
 * about; without it stdin is closed at once). A command that devd talks to while it runs keeps its
 * stdin open instead ({@link #withOpenInput()}, {@link RunningProcess#input()}).
 *
 * <p>Callers turn a shell string into {@code List.of("sh", "-c", script)} themselves. The program
 * is looked up on devd's own {@code PATH} (a {@code PATH} in {@code extraEnv} only affects what the
 * command itself runs); a program containing a {@code /} is taken relative to {@code dir}.
 */
public record ProcessSpec(
    List<String> argv,
    Path dir,
    Map<String, String> extraEnv,
    Optional<Duration> timeout,
    Optional<String> input,
    boolean openInput) {
  public ProcessSpec {
    argv = List.copyOf(argv);
    if (argv.isEmpty())
      throw new IllegalArgumentException("a ProcessSpec needs at least the program in argv");
    if (argv.getFirst().isBlank())
      throw new IllegalArgumentException("the program (argv[0]) cannot be blank");
    Objects.requireNonNull(dir, "dir");
    extraEnv = Map.copyOf(extraEnv);
    // The JDK silently drops or cuts such entries instead of failing, so a typo would go unnoticed.
    extraEnv.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "invalid environment variable name \""
                    + name
                    + "\": it must be non-empty"
                    + " and contain neither '=' nor NUL");
          }
          if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                "environment variable " + name + " contains a NUL character");
          }
        });
    Objects.requireNonNull(timeout, "timeout");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero())
            throw new IllegalArgumentException("timeout must be positive, got " + t);
        });
    Objects.requireNonNull(input, "input");
    if (openInput && input.isPresent()) {
      throw new IllegalArgumentException("a command with open stdin gets no input text");
    }
  }

  /** A command whose stdin is closed at once. */
  public ProcessSpec(
      List<String> argv, Path dir, Map<String, String> extraEnv, Optional<Duration> timeout) {
    this(argv, dir, extraEnv, timeout, Optional.empty(), false);
  }

  /**
   * The command {@code argv} in {@code dir}, with devd's environment unchanged and no time limit.
   */
  public static ProcessSpec of(List<String> argv, Path dir) {
    return new ProcessSpec(argv, dir, Map.of(), Optional.empty());
  }

  public ProcessSpec withExtraEnv(Map<String, String> extraEnv) {
    return new ProcessSpec(argv, dir, extraEnv, timeout, input, openInput);
  }

  public ProcessSpec withTimeout(Duration timeout) {
    return new ProcessSpec(argv, dir, extraEnv, Optional.of(timeout), input, openInput);
  }

  /** The command with {@code text} written to its stdin (UTF-8), which is closed after it. */
  public ProcessSpec withInput(String text) {
    return new ProcessSpec(argv, dir, extraEnv, timeout, Optional.of(text), false);
  }

  /**
   * The command with its stdin left open for devd to write to while it runs ({@link
   * RunningProcess#input()}).
   */
  public ProcessSpec withOpenInput() {
    return new ProcessSpec(argv, dir, extraEnv, timeout, Optional.empty(), true);
  }

  public String program() {
    return argv.getFirst();
  }

  /**
   * The command as devd's log lines show it: the script of {@code sh -c SCRIPT}, else the argv,
   * shortened.
   */
  public String display() {
    String text =
        argv.size() == 3 && argv.get(1).equals("-c") && argv.get(0).endsWith("sh")
            ? argv.get(2)
            : String.join(" ", argv);
    text = text.strip().replaceAll("\\s+", " ");
    // 60 characters keep a log line on one terminal line next to the resource name and the message.
    return text.length() <= 60 ? text : text.substring(0, 59) + "…";
  }
}
