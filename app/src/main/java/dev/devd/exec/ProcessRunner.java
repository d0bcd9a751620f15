package dev.devd.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.launcher.CommandLauncher;
import org.apache.commons.exec.launcher.CommandLauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts OS processes for devd, the only class that does: runs a {@link ProcessSpec} to its end or
 * keeps it running, streams its output as lines, and ends it with its whole process tree on
 * timeout, on {@code stop()} and on devd's shutdown ({@link #stopAll()}).
 *
 * <p>Safe to use from many threads, virtual ones included. The command's stdin gets the spec's
 * input, if it has any, and is closed (devd's commands are not interactive). Every command's
 * environment carries {@code DEVD_RUN=<run>/<command>} ({@link ProcessMarker}), which its processes
 * keep however they detach: stopping a command ends them too (on Linux, where they can be found
 * through /proc), and so does the end of the run ({@link RunTracker}) for the processes of commands
 * that exited by themselves and left them behind.
 *
 * <p>commons-exec launches ({@link CommandLauncher}); devd's own {@link OutputPump}s read the
 * output on pooled threads. Its {@code DefaultExecutor} and {@code ExecuteWatchdog} are not used:
 * the watchdog ends only the command's own process, not its children, and {@code execute} waits for
 * the output without any bound. Its {@code PumpStreamHandler} and {@code StreamPumper} are not used
 * either: the one creates two new threads per command, the other hands on each read by itself,
 * however much more is waiting.
 */
public final class ProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  /**
   * TERM first, KILL after this. 3 s is a guess: enough for a dev server to close connections and
   * flush, short enough that Ctrl-C still feels prompt.
   */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(3);

  // stopAll gives up this long after the grace period, so devd's exit is never held up by a process
  // stuck in the
  // kernel: KILL itself takes effect at once, and output drains within
  // RunningProcess.OUTPUT_DRAIN_LIMIT.
  private static final Duration STOP_ALL_MARGIN = Duration.ofSeconds(2);
  private static final CommandLauncher LAUNCHER = CommandLauncherFactory.createVMLauncher();

  private final Duration gracePeriod;
  private final ProcessTreeKiller killer;
  private final Set<RunningProcess> running = ConcurrentHashMap.newKeySet();
  // Starts hold the read lock (many at once); stopAll takes the write lock, so a start that is
  // under way when
  // devd shuts down is either stopped by stopAll or refused; it cannot slip through as an orphan.
  private final ReadWriteLock shutdownLock = new ReentrantReadWriteLock();
  private boolean shuttingDown;

  public ProcessRunner() {
    this(DEFAULT_GRACE_PERIOD);
  }

  /** A runner that gives processes {@code gracePeriod} between TERM and KILL. */
  public ProcessRunner(Duration gracePeriod) {
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative())
      throw new IllegalArgumentException("grace period cannot be negative: " + gracePeriod);
    this.gracePeriod = gracePeriod;
    this.killer = new ProcessTreeKiller(gracePeriod);
  }

  /**
   * Runs the command to its end and returns how it ended; every line of stdout and stderr goes to
   * {@code out} before this returns. Blocks until the command exits, times out or is stopped by
   * {@link #stopAll()}. If the calling thread is interrupted, the command's tree is stopped, the
   * interrupt flag is set again and the result says {@link ProcessResult.Outcome#STOPPED}.
   */
  public ProcessResult run(ProcessSpec spec, OutputSink out) throws ProcessStartException {
    return run(spec, out, out);
  }

  /** {@link #run(ProcessSpec, OutputSink)} with stdout and stderr kept apart. */
  public ProcessResult run(ProcessSpec spec, OutputSink stdout, OutputSink stderr)
      throws ProcessStartException {
    RunningProcess process = start(spec, stdout, stderr);
    try {
      return process.await();
    } catch (InterruptedException e) {
      ProcessResult result = process.stop();
      Thread.currentThread().interrupt();
      return result;
    }
  }

  /**
   * Starts the command and returns at once, for commands that keep running, such as serve commands.
   */
  public RunningProcess start(ProcessSpec spec, OutputSink out) throws ProcessStartException {
    return start(spec, out, out);
  }

  /** {@link #start(ProcessSpec, OutputSink)} with stdout and stderr kept apart. */
  public RunningProcess start(ProcessSpec spec, OutputSink stdout, OutputSink stderr)
      throws ProcessStartException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Path dir = spec.dir().toAbsolutePath();
    ProcessStartException badDir = ProcessStartException.checkDir(spec.program(), dir);
    if (badDir != null) throw badDir;

    shutdownLock.readLock().lock();
    try {
      if (shuttingDown) {
        throw new ProcessStartException(
            spec.program(), "devd is shutting down", "start devd again", null);
      }
      long startNanos = System.nanoTime();
      String mark = ProcessMarker.thisRun().nextCommand();
      Process process = launch(spec, dir, mark);
      RunningProcess started =
          new RunningProcess(spec, process, mark, startNanos, killer, stdout, stderr);
      running.add(started);
      try {
        started.begin();
      } catch (RuntimeException
          | Error e) { // no threads to watch it (out of memory?): do not leave it behind
        process.destroyForcibly();
        running.remove(started);
        throw e;
      }
      started.onExit().whenComplete((result, failure) -> running.remove(started));
      log.debug("started \"{}\" (pid {}) in {}", spec.display(), process.pid(), dir);
      return started;
    } finally {
      shutdownLock.readLock().unlock();
    }
  }

  /**
   * Stops every command this runner started that still runs, each with its whole tree, all at once;
   * returns when all are gone, or after the grace period plus a short margin. Meant for devd's
   * shutdown (a JVM shutdown hook): afterwards this runner refuses to start anything.
   */
  public void stopAll() {
    List<RunningProcess> toStop;
    shutdownLock.writeLock().lock();
    try {
      shuttingDown = true;
      toStop = List.copyOf(running);
    } finally {
      shutdownLock.writeLock().unlock();
    }
    if (toStop.isEmpty()) return;
    log.info("stopping {} running command{}", toStop.size(), toStop.size() == 1 ? "" : "s");
    List<Thread> stoppers =
        toStop.stream()
            .map(p -> Thread.ofVirtual().name("devd-exec-stop-" + p.pid()).start(p::stop))
            .toList();
    long deadline = System.nanoTime() + gracePeriod.plus(STOP_ALL_MARGIN).toNanos();
    boolean interrupted = false;
    for (Thread stopper : stoppers) {
      try {
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) stopper.join(Duration.ofNanos(remaining));
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    List<Long> left =
        toStop.stream().filter(p -> !p.onExit().isDone()).map(RunningProcess::pid).toList();
    if (!left.isEmpty()) log.warn("gave up waiting for commands to end: pids {}", left);
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static Process launch(ProcessSpec spec, Path dir, String mark)
      throws ProcessStartException {
    // commons-exec maps / and \ in the program to the platform's separator, so on Unix a program
    // whose name
    // contains a backslash cannot be run; arguments are passed as they are (handleQuoting false, no
    // ${} expansion).
    CommandLine line = new CommandLine(spec.program());
    for (String arg : spec.argv().subList(1, spec.argv().size())) line.addArgument(arg, false);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(spec.extraEnv());
    env.put(
        ProcessMarker.VARIABLE,
        mark); // last: a command cannot take devd's mark off its own processes
    try {
      return LAUNCHER.exec(line, env, dir.toFile());
    } catch (IOException e) {
      throw ProcessStartException.explain(spec.program(), dir, e);
    }
  }
}
