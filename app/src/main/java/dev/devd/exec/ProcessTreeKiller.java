package dev.devd.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process together with all its descendants: TERM to every process of the tree, a grace period to exit,
 * then KILL for whatever is left, including children started in the meantime.
 *
 * <p>The tree is read with {@link ProcessHandle#descendants()} before any signal is sent, because a child whose
 * parent dies is re-parented (to init or a subreaper) and no longer shows up below the command. Limits: a
 * process that leaves the tree on purpose (double fork, {@code setsid}, daemonizing) cannot be found this way,
 * nor can one started in the instant between reading the tree and signalling its parent. (A process group of
 * its own, as Tilt gives its commands, would catch double forks and that instant too, but the JDK cannot create
 * one.) On Windows {@code destroy()} is already forcible, so the grace period does not apply there.
 */
final class ProcessTreeKiller {
  private static final Logger log = LoggerFactory.getLogger(ProcessTreeKiller.class);

  // Most commands are gone within a few milliseconds of TERM; only a tree still running after this gets a log line.
  private static final Duration QUICK_EXIT = Duration.ofMillis(50);
  // KILL cannot be ignored; a process that survives this long is stuck in the kernel (e.g. on a dead NFS mount).
  private static final Duration KILL_WAIT = Duration.ofSeconds(1);
  // Children forked by survivors while we kill them get further rounds; three ends a runaway fork loop.
  private static final int KILL_ROUNDS = 3;
  // The JDK has no event for the exit of a process that is not its own child (ProcessHandle.onExit() polls
  // every 300 ms or more), so while a stop is under way we look ourselves, starting fast and backing off.
  private static final Duration FIRST_LOOK = Duration.ofMillis(2);
  private static final Duration LAST_LOOK = Duration.ofMillis(100);
  private static final boolean HAS_PROC = Files.isDirectory(Path.of("/proc/self"));

  private final Duration gracePeriod;

  ProcessTreeKiller(Duration gracePeriod) {
    this.gracePeriod = Objects.requireNonNull(gracePeriod);
  }

  /**
   * Ends {@code root} and its descendants and returns once none of them runs any more (or KILL did not help
   * within a bound, which is logged). {@code label} names the command in log lines. An interrupt cuts the grace
   * period short; the thread's interrupt flag is set again on return. Safe to call from several threads.
   */
  void kill(ProcessHandle root, String label) {
    new Kill(label).of(root);
  }

  /** One kill, so that concurrent kills do not share the interrupt bookkeeping. */
  private final class Kill {
    private final String label;
    private boolean interrupted;

    Kill(String label) {
      this.label = label;
    }

    void of(ProcessHandle root) {
      try {
        List<ProcessHandle> left = running(Stream.concat(Stream.of(root), root.descendants()).toList());
        if (left.isEmpty()) return;
        log.debug("sending TERM to {} of {}: {}", count(left), label, pids(left));
        left.forEach(ProcessHandle::destroy);
        left = awaitExit(left, min(QUICK_EXIT, gracePeriod), true);
        if (!left.isEmpty() && !interrupted && gracePeriod.compareTo(QUICK_EXIT) > 0) {
          log.info("waiting up to {} for {} of {} to exit: {}", format(gracePeriod), count(left), label, pids(left));
          left = awaitExit(left, gracePeriod.minus(QUICK_EXIT), true);
        }
        for (int round = 0; round < KILL_ROUNDS && !left.isEmpty(); round++) {
          Set<ProcessHandle> survivors = new LinkedHashSet<>();
          // Re-read the tree below each survivor: it may have started children since the first look.
          left.forEach(h -> {
            survivors.add(h);
            h.descendants().forEach(survivors::add);
          });
          left = running(survivors);
          if (left.isEmpty()) break;
          log.info("{} of {} still running after {}; killing: {}", count(left), label,
              round == 0 ? "TERM and " + format(gracePeriod) : "KILL", pids(left));
          left.forEach(ProcessHandle::destroyForcibly);
          left = awaitExit(left, KILL_WAIT, false);
        }
        if (!left.isEmpty()) {
          log.warn("{} of {} survived KILL, probably stuck in the kernel: {}", count(left), label, pids(left));
        }
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
    }

    /** Waits until none of {@code handles} runs or {@code limit} has passed; an interrupt ends it if interruptible. */
    private List<ProcessHandle> awaitExit(List<ProcessHandle> handles, Duration limit, boolean interruptible) {
      long deadline = System.nanoTime() + limit.toNanos();
      Duration pause = FIRST_LOOK;
      List<ProcessHandle> left = running(handles);
      while (!left.isEmpty() && !(interruptible && interrupted)) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) break;
        try {
          Thread.sleep(min(pause, Duration.ofNanos(remaining)));
        } catch (InterruptedException e) {
          interrupted = true; // whoever interrupted us wants this over with: go on to KILL at once
        }
        pause = min(pause.multipliedBy(2), LAST_LOOK);
        left = running(left);
      }
      return left;
    }
  }

  private static List<ProcessHandle> running(Iterable<ProcessHandle> handles) {
    List<ProcessHandle> result = new ArrayList<>();
    for (ProcessHandle h : handles) if (isRunning(h)) result.add(h);
    return result;
  }

  /**
   * Whether {@code h} still runs. A zombie has exited and only waits for its parent to collect its exit code
   * (which init may do late: some container inits reap only once a second), so it does not count, although the
   * JDK calls it alive.
   */
  static boolean isRunning(ProcessHandle h) {
    if (!h.isAlive()) return false;
    if (!HAS_PROC) return true; // macOS: no zombie check; its launchd reaps orphans at once
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      // The state letter follows the command name, which is in parentheses and may itself contain ") ".
      int end = stat.lastIndexOf(')');
      char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'R';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // gone between the two looks
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String count(List<ProcessHandle> handles) {
    return handles.size() == 1 ? "1 process" : handles.size() + " processes";
  }

  private static String pids(List<ProcessHandle> handles) {
    // Ten are enough to find them with ps; a runaway fork loop would otherwise flood the log.
    String shown = handles.stream().limit(10).map(h -> Long.toString(h.pid())).collect(Collectors.joining(", "));
    return handles.size() > 10 ? "pids " + shown + ", …" : "pid" + (handles.size() == 1 ? " " : "s ") + shown;
  }

  /** A duration as people write it: 200ms, 3s, 1.5s. */
  static String format(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) return d.toMillis() + "ms";
    if (d.toMillisPart() == 0) return d.toSeconds() + "s";
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
