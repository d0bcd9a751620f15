package dev.devd.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command from devd.yaml: a string is a shell script (run by {@code sh -c}, or {@code cmd /c} on
 * Windows); a list is an argv run as it is, with no shell in between.
 */
public record Cmd(String script, List<String> argv) {
  public Cmd {
    if ((script == null) == (argv == null)) {
      throw new IllegalArgumentException("a Cmd is either a script or an argv");
    }
    if (argv != null) {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) throw new IllegalArgumentException("an argv needs at least the program");
    }
    if (script != null && script.isBlank())
      throw new IllegalArgumentException("a script cannot be blank");
  }

  public static Cmd shell(String script) {
    return new Cmd(Objects.requireNonNull(script), null);
  }

  public static Cmd argv(List<String> argv) {
    return new Cmd(null, Objects.requireNonNull(argv));
  }

  public boolean isShell() {
    return script != null;
  }

  /** The argv to start: the script goes through the platform's shell. */
  public List<String> toArgv(boolean windows) {
    if (argv != null) return argv;
    return windows ? List.of("cmd.exe", "/S", "/C", script) : List.of("sh", "-c", script);
  }

  /** How the command is shown to users: the script as written, or the argv shell-quoted. */
  public String display() {
    if (script != null) return script;
    return argv.stream().map(Cmd::quoteIfNeeded).collect(Collectors.joining(" "));
  }

  static String quoteIfNeeded(String arg) {
    if (!arg.isEmpty()
        && arg.chars()
            .allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@%+,".indexOf(c) >= 0)) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
