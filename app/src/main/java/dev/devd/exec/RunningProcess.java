package dev.devd.exec;

import dev.devd.exec.ProcessResult.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A command devd started: its pid, whether it still runs, its result once it has ended, and {@link
 * #stop()}, which ends it together with every process it started.
 *
 * <p>Each command has two pooled platform threads pumping its stdout and stderr into the {@link
 * OutputSink}s ({@link OutputPump}) and one virtual thread that waits for its exit and its timeout;
 * all of them sleep in the kernel while the command runs, so a running command costs devd no CPU.
 */
public final class RunningProcess {
  private static final Logger log = LoggerFactory.getLogger(RunningProcess.class);

  // After the command exits, its output is read to the end before the result is given out, so
  // callers see every
  // line first. A process it left running in the background can hold the pipe open forever; 1 s is
  // a guess, long
  // enough for a full pipe (64 KiB on Linux) to reach a slow sink, short enough not to hold up the
  // next step much.
  // (If no pump is inside read() at the moment the command exits, the JDK itself closes the pipe; a
  // background
  // process that writes to it later then dies of SIGPIPE. See
  // ProcessImpl.ProcessPipeInputStream.processExited.)
  static final Duration OUTPUT_DRAIN_LIMIT = Duration.ofSeconds(1);
  // Pumps block in read() for as long as a command runs. Platform threads, because a virtual thread
  // blocked in
  // a file read holds on to its carrier thread, so many quiet serve commands would starve devd's
  // virtual threads.
  // Pooled, because creating two threads per command costs about 0.2 ms, a noticeable part of
  // starting one.
  private static final ExecutorService PUMP_THREADS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "devd-exec-pump");
            thread.setDaemon(true); // a pump must never keep devd's JVM alive
            return thread;
          });

  private final ProcessSpec spec;
  private final Process process;
  private final String mark;
  private final long startNanos;
  private final ProcessTreeKiller killer;
  private final Map<String, String> callerMdc;
  private final String label;
  private final CompletableFuture<ProcessResult> result = new CompletableFuture<>();
  private final AtomicReference<Outcome> endedBy = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Void>> killing = new AtomicReference<>();
  private final LineSplitter stdout;
  private final LineSplitter stderr;

  RunningProcess(
      ProcessSpec spec,
      Process process,
      String mark,
      long startNanos,
      ProcessTreeKiller killer,
      OutputSink out,
      OutputSink err) {
    this.spec = spec;
    this.process = process;
    this.mark = mark;
    this.startNanos = startNanos;
    this.killer = killer;
    this.callerMdc = MDC.getCopyOfContextMap();
    this.label = "\"" + spec.display() + "\" (pid " + process.pid() + ")";
    // One lock for both streams, so a sink never sees two calls at once.
    ReentrantLock sinkLock = new ReentrantLock();
    this.stdout = new LineSplitter(Objects.requireNonNull(out, "stdout sink"), sinkLock);
    this.stderr = new LineSplitter(Objects.requireNonNull(err, "stderr sink"), sinkLock);
  }

  /**
   * Starts pumping output and watching for the exit; called once, right after the process started.
   */
  void begin() {
    try {
      // Most commands get no input: reading stdin ends at once. The few that do get a few lines,
      // far less than a pipe
      // holds, so writing them cannot block on a command that does not read.
      if (!spec.openInput()) {
        try (OutputStream stdin = process.getOutputStream()) {
          if (spec.input().isPresent())
            stdin.write(spec.input().get().getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      log.debug(
          "writing to or closing the stdin of {} failed (it may have ended already)", label, e);
    }
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
    Thread.ofVirtual().name("devd-exec-" + process.pid()).start(this::supervise);
  }

  private void pump(InputStream from, LineSplitter to, String stream) {
    OutputPump pumper = new OutputPump(from, to, label);
    String name = "devd-exec-" + process.pid() + "-" + stream;
    PUMP_THREADS.execute(
        () -> {
          Thread thread = Thread.currentThread();
          String idleName = thread.getName();
          thread.setName(name); // thread dumps show which command a pump belongs to
          try {
            pumper.run();
          } finally {
            thread.setName(idleName);
          }
        });
  }

  public ProcessSpec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The command's stdin, for a command started {@link ProcessSpec#withOpenInput() with it open};
   * closing it is how the command learns that no more input comes.
   */
  public OutputStream input() {
    if (!spec.openInput())
      throw new IllegalStateException(label + " was started with its stdin closed");
    return process.getOutputStream();
  }

  /** Whether the command's own process still runs (the processes it started are not looked at). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Completes once the command has ended and its output has been delivered (output that a process
   * it left running in the background still holds open is waited for at most 1 s). Each call
   * returns a new future, so completing or cancelling it changes nothing here.
   */
  public CompletableFuture<ProcessResult> onExit() {
    return result.copy();
  }

  /**
   * Ends the command and every process it started (TERM, the runner's grace period, then KILL),
   * those that detached from it included, and returns its result once all of them are gone; {@link
   * Outcome#STOPPED} unless it had already ended. After the command ended by itself it ends what
   * the command left running (a daemon it started, say) and returns the result; calling it again
   * just returns the result.
   */
  public ProcessResult stop() {
    if (!result.isDone() && process.isAlive()) endedBy.compareAndSet(null, Outcome.STOPPED);
    killTree();
    return result.join();
  }

  /** Waits for the result; interruptible, unlike {@link #stop()}. */
  ProcessResult await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("watching " + label + " failed", e.getCause());
    }
  }

  private void supervise() {
    if (callerMdc != null) MDC.setContextMap(callerMdc);
    try {
      if (spec.timeout().isPresent() && !waitForExit(spec.timeout().get())) {
        log.info(
            "{} is still running after its timeout of {}; stopping it",
            label,
            ProcessTreeKiller.format(spec.timeout().get()));
        endedBy.compareAndSet(null, Outcome.TIMED_OUT);
        killTree();
      }
      waitForExit(null);
      Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
      int exitCode = process.exitValue();
      drainOutput();
      Outcome outcome = Objects.requireNonNullElse(endedBy.get(), Outcome.EXITED);
      log.debug(
          "{} ended ({}) with exit code {} after {}",
          label,
          outcome,
          exitCode,
          ProcessTreeKiller.format(duration));
      result.complete(new ProcessResult(exitCode, duration, outcome));
    } catch (Throwable t) {
      log.error("watching {} failed", label, t);
      result.completeExceptionally(t);
    }
  }

  /** Waits until the process has exited, at most {@code limit} (null: no limit); true if it has. */
  private boolean waitForExit(Duration limit) {
    // Process.waitFor sleeps in Object.wait (on JDK 21 that holds a carrier thread, for which the
    // virtual thread
    // scheduler adds one; JDK 24+ releases it). Nobody interrupts this thread; if someone did, we
    // wait on.
    while (true) {
      try {
        if (limit == null) {
          process.waitFor();
          return true;
        }
        return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // keep waiting
      }
    }
  }

  private void drainOutput() throws InterruptedException, ExecutionException {
    try {
      CompletableFuture.allOf(stdout.closed(), stderr.closed())
          .get(OUTPUT_DRAIN_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.info(
          "{} has exited, but its output is still open, probably held by a process it left running in the"
              + " background; not waiting for the rest",
          label);
    }
  }

  /** Kills the process tree once; a second caller waits for the first kill to finish. */
  private void killTree() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = killing.compareAndExchange(null, mine);
    if (running != null) {
      running.join();
      return;
    }
    Map<String, String> saved = MDC.getCopyOfContextMap();
    try {
      if (callerMdc != null)
        MDC.setContextMap(callerMdc); // log lines name the resource that ran the command
      killer.kill(process.toHandle(), mark, label);
    } finally {
      if (callerMdc != null) {
        if (saved != null) MDC.setContextMap(saved);
        else MDC.clear();
      }
      mine.complete(null);
    }
  }
}
