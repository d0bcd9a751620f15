package dev.devd.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a process together with all its descendants and every process marked as its command's (see
 * {@link ProcessMarker}): TERM to every one, a grace period to exit, then KILL for whatever is
 * left, including processes started in the meantime.
 *
 * <p>The tree is read with {@link ProcessHandle#descendants()} before any signal is sent, because a
 * child whose parent dies is re-parented (to init or a subreaper) and no longer shows up below the
 * command. A process that leaves the tree on purpose (double fork, {@code setsid}, daemonizing) is
 * found by its mark instead, on Linux; elsewhere it cannot be found. On Windows {@code destroy()}
 * is already forcible, so the grace period does not apply there.
 */
final class ProcessTreeKiller {
  private static final Logger log = LoggerFactory.getLogger(ProcessTreeKiller.class);

  // Most commands are gone within a few milliseconds of TERM; only a tree still running after this
  // gets a log line.
  private static final Duration QUICK_EXIT = Duration.ofMillis(50);
  // KILL cannot be ignored; a process that survives this long is stuck in the kernel (e.g. on a
  // dead NFS mount).
  private static final Duration KILL_WAIT = Duration.ofSeconds(1);
  // Children forked by survivors while we kill them get further rounds; three ends a runaway fork
  // loop.
  private static final int KILL_ROUNDS = 3;
  // The JDK has no event for the exit of a process that is not its own child
  // (ProcessHandle.onExit() polls
  // every 300 ms or more), so while a stop is under way we look ourselves, starting fast and
  // backing off.
  private static final Duration FIRST_LOOK = Duration.ofMillis(2);
  private static final Duration LAST_LOOK = Duration.ofMillis(100);
  private static final boolean HAS_PROC = Files.isDirectory(Path.of("/proc/self"));

  private final Duration gracePeriod;

  ProcessTreeKiller(Duration gracePeriod) {
    this.gracePeriod = Objects.requireNonNull(gracePeriod);
  }

  /**
   * Ends {@code root}, its descendants and the processes that carry {@code mark}, and returns once
   * none of them runs any more (or KILL did not help within a bound, which is logged). {@code
   * label} names the command in log lines. An interrupt cuts the grace period short; the thread's
   * interrupt flag is set again on return. Safe to call from several threads.
   */
  void kill(ProcessHandle root, String mark, String label) {
    List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
    end(
        label,
        () -> {
          Set<ProcessHandle> all = new LinkedHashSet<>(tree);
          all.addAll(ProcessFinder.markedInThisRun(mark));
          return all;
        });
  }

  /**
   * Ends the processes {@code find} returns and their descendants, as {@link #kill} does; {@code
   * find} is asked again before each KILL round, for processes started since. Returns how many
   * processes it signalled.
   */
  int end(String label, Supplier<Collection<ProcessHandle>> find) {
    return new Kill(label).of(find);
  }

  /** One kill, so that concurrent kills do not share the interrupt bookkeeping. */
  private final class Kill {
    private final String label;
    private final Set<ProcessHandle> signalled = new LinkedHashSet<>();
    private boolean interrupted;

    Kill(String label) {
      this.label = label;
    }

    int of(Supplier<Collection<ProcessHandle>> find) {
      try {
        List<ProcessHandle> left = running(find.get());
        if (left.isEmpty()) return 0;
        log.debug("sending TERM to {} of {}: {}", count(left), label, pids(left));
        signalled.addAll(left);
        left.forEach(ProcessHandle::destroy);
        left = awaitExit(left, min(QUICK_EXIT, gracePeriod), true);
        if (!left.isEmpty() && !interrupted && gracePeriod.compareTo(QUICK_EXIT) > 0) {
          log.info(
              "waiting up to {} for {} of {} to exit: {}",
              format(gracePeriod),
              count(left),
              label,
              pids(left));
          left = awaitExit(left, gracePeriod.minus(QUICK_EXIT), true);
        }
        for (int round = 0; round < KILL_ROUNDS; round++) {
          if (round > 0 && left.isEmpty()) break;
          // Look again, also after a clean exit: survivors may have started children, and marked
          // processes may have
          // been started, since the first look. Those get KILL at once: they appeared while the
          // command was stopping.
          Set<ProcessHandle> survivors = new LinkedHashSet<>(find.get());
          left.forEach(
              h -> {
                survivors.add(h);
                h.descendants().forEach(survivors::add);
              });
          left = running(survivors);
          if (left.isEmpty()) break;
          log.info(
              "{} of {} still running after {}; killing: {}",
              count(left),
              label,
              round == 0 ? "TERM and " + format(gracePeriod) : "KILL",
              pids(left));
          signalled.addAll(left);
          left.forEach(ProcessHandle::destroyForcibly);
          left = awaitExit(left, KILL_WAIT, false);
        }
        if (!left.isEmpty()) {
          log.warn(
              "{} of {} survived KILL, probably stuck in the kernel: {}",
              count(left),
              label,
              pids(left));
        }
        return signalled.size();
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
    }

    /**
     * Waits until none of {@code handles} runs or {@code limit} has passed; an interrupt ends it if
     * interruptible.
     */
    private List<ProcessHandle> awaitExit(
        List<ProcessHandle> handles, Duration limit, boolean interruptible) {
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
   * Whether {@code h} still runs. A zombie has exited and only waits for its parent to collect its
   * exit code (which init may do late: some container inits reap only once a second), so it does
   * not count, although the JDK calls it alive.
   */
  static boolean isRunning(ProcessHandle h) {
    if (!h.isAlive()) return false;
    if (!HAS_PROC) return true; // macOS: no zombie check; its launchd reaps orphans at once
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      // The state letter follows the command name, which is in parentheses and may itself contain
      // ") ".
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
    String shown =
        handles.stream()
            .limit(10)
            .map(h -> Long.toString(h.pid()))
            .collect(Collectors.joining(", "));
    return handles.size() > 10
        ? "pids " + shown + ", …"
        : "pid" + (handles.size() == 1 ? " " : "s ") + shown;
  }

  /** A duration as people write it: 200ms, 3s, 1.5s. */
  static String format(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) return d.toMillis() + "ms";
    if (d.toMillisPart() == 0) return d.toSeconds() + "s";
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
