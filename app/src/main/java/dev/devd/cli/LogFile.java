package dev.devd.cli;

import dev.devd.config.StateFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses where the log file goes before logging starts: {@code .devd/devd.log} beside the
 * project's devd.yaml, or the temp folder when there is no project here; either way readable by its
 * owner only, in a {@code .devd/} that is private too.
 */
final class LogFile {
  static final String PROPERTY = "devd.logFile";

  private LogFile() {}

  /** Must run before the first logger is created: logback reads the property once. */
  static void choose(String[] args) {
    Path config = configFile(args);
    Path folder = config.toAbsolutePath().normalize().getParent();
    Path file =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "devd-" + System.getProperty("user.name") + ".log");
    if (folder != null && Files.isRegularFile(config)) {
      try {
        file = StateFolder.create(folder.resolve(".devd")).resolve("devd.log");
      } catch (IOException e) {
        // Not writable: keep the temp-folder file.
      }
    }
    if (System.getProperty(PROPERTY) == null) {
      // Made owner-only before logback opens it (it keeps the mode of a file it appends to): build
      // output is private.
      try {
        StateFolder.createFile(file);
      } catch (IOException e) {
        // logback reports a file it cannot open; devd runs on without it.
      }
      System.setProperty(PROPERTY, file.toString());
    }
  }

  /**
   * The devd.yaml these arguments name ({@code -f FILE}, {@code --file=FILE}), or the one in this
   * folder.
   */
  static Path configFile(String[] args) {
    Path config = Path.of("devd.yaml");
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("-f") || args[i].equals("--file")) config = Path.of(args[i + 1]);
    }
    for (String arg : args) {
      if (arg.startsWith("--file=")) config = Path.of(arg.substring("--file=".length()));
    }
    return config;
  }

  static String shownPath() {
    String file = System.getProperty(PROPERTY, ".devd/devd.log");
    Path cwd = Path.of("").toAbsolutePath();
    Path path = Path.of(file);
    return path.startsWith(cwd) ? cwd.relativize(path).toString() : file;
  }
}
