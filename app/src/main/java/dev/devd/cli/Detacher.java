package dev.devd.cli;

import dev.devd.console.ResourceLog;
import dev.devd.exec.DetachedLauncher;
import dev.devd.exec.ProcessStartException;
import dev.devd.status.SessionFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code devd up --detach}: starts the same {@code devd up} again in the background, detached from
 * this terminal, and returns once it watches (its session file says so), after showing what it
 * printed so far and how to attach to it and stop it. Its output goes on into {@code
 * .devd/detached.log}.
 */
final class Detacher {
  static final String OUTPUT = "detached.log";

  /** The hidden option that tells the devd up started in the background that it is that one. */
  static final String CHILD_OPTION = "--detached-child";

  // Watching starts within seconds even on big trees (registering the watches is what takes time);
  // builds run after.
  // Two minutes only guards against a devd that hangs: then this terminal is given back and the
  // devd goes on.
  private static final Duration READY_WAIT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(20);

  private Detacher() {}

  /**
   * Starts devd up with {@code args} (those of this devd) in the background; returns this command's
   * exit code.
   */
  static int detach(Path stateDir, List<String> args)
      throws ProcessStartException, IOException, InterruptedException {
    StateFolder.create(stateDir);
    Path output = stateDir.resolve(OUTPUT);
    Process devd =
        DetachedLauncher.launch(
            OwnCommandLine.with(args, childArgs(args)), Path.of("").toAbsolutePath(), output);
    ResourceLog log = ResourceLog.devd();
    Instant deadline = Instant.now().plus(READY_WAIT);
    while (true) {
      Optional<SessionFile> session = ownSession(stateDir, devd.pid());
      if (session.isPresent() && session.get().watching()) {
        printSoFar(output);
        log.info(
            "devd runs in the background (pid {}) with its page at {}; its output goes on in {}",
            devd.pid(),
            session.get().url(),
            shown(output));
        log.info("  devd attach   follows it here (Ctrl-C there detaches, devd keeps running)");
        log.info("  devd stop     stops it");
        return ExitCodes.OK;
      }
      if (devd.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        printSoFar(output);
        log.error(
            "devd did not start (exit code {}); what it printed is above and in {}",
            devd.exitValue(),
            shown(output));
        return devd.exitValue() == ExitCodes.OK ? ExitCodes.FAILURE : devd.exitValue();
      }
      if (Instant.now().isAfter(deadline)) {
        printSoFar(output);
        log.error(
            "devd (pid {}) is not watching after {}; it goes on starting in the background: devd attach follows"
                + " it, devd stop stops it",
            devd.pid(),
            READY_WAIT.toMinutes() + " minutes");
        return ExitCodes.FAILURE;
      }
    }
  }

  /** The same arguments, with the hidden option right after {@code up} (before any {@code --}). */
  static List<String> childArgs(List<String> args) {
    List<String> child = new ArrayList<>(args);
    int up = args.indexOf("up");
    child.add(up + 1, CHILD_OPTION);
    return child;
  }

  private static Optional<SessionFile> ownSession(Path stateDir, long pid) {
    try {
      return SessionFile.readFrom(stateDir).filter(session -> session.pid() == pid);
    } catch (IOException notYet) {
      return Optional.empty();
    }
  }

  // What the devd printed before it watched, as a devd up in the foreground would have shown it:
  // whole lines only.
  private static void printSoFar(Path output) throws IOException {
    byte[] bytes = Files.readAllBytes(output);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') end--;
    System.out.print(new String(bytes, 0, end, StandardCharsets.UTF_8));
    System.out.flush();
  }

  private static String shown(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
  }
}
