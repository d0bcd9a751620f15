package dev.devd.podman;

import dev.devd.exec.RunningProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shell kept running in one container ({@code podman exec -i}) that unpacks the archives of live
 * updates written to its stdin and removes the paths deleted locally: an update then costs a write
 * to a pipe and a {@code tar} in the container (about 5 ms) instead of a {@code podman cp}, which
 * starts podman and runs it three more times (100 ms on a quiet machine, 300 to 800 ms on a loaded
 * one, measured with scripts/bench).
 *
 * <p>Each archive goes in as a line with its length in 512-byte blocks, then the blocks. In the
 * container {@code dd iflag=fullblock} reads exactly those blocks (the shell's {@code read} stops
 * at the newline, and dd asked for whole blocks never reads past them; busybox's {@code head -c}
 * does) into {@code tar -x -o -C /}, which gives the files to the container's user as {@code podman
 * cp} does; the shell answers with tar's exit code. Paths to remove go in a line each after a
 * {@code remove} line, up to an end line, and go to one {@code rm -rf}. {@link #open} first sends a
 * probe, so a container without {@code /bin/sh}, such a {@code dd} or {@code tar} is found out
 * before any file is sent, and the caller keeps using {@code podman cp} for it. Not safe for
 * concurrent use: the transport that owns it sends one step at a time.
 */
final class ContainerShell implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ContainerShell.class);
  private static final int BLOCK = 512;
  private static final String UNPACKED = "devd-unpacked ";
  private static final String PROBED = "devd-probed ";
  private static final String REMOVED = "devd-removed ";
  // Ends the list of paths to remove; no absolute path reads so.
  private static final String END = "devd-end";
  private static final String LOOP =
      "while IFS= read -r blocks; do case $blocks in "
          + "probe) dd bs=512 count=1 iflag=fullblock of=/dev/null 2>/dev/null && IFS= read -r word"
          + " && command -v tar >/dev/null && echo \""
          + PROBED
          + "$word\" || echo "
          + PROBED
          + "failed;; "
          + "remove) set --; while IFS= read -r path && [ \"$path\" != "
          + END
          + " ]; do set -- \"$@\" \"$path\"; done;"
          + " rm -rf -- \"$@\" 2>&1; echo \""
          + REMOVED
          + "$?\";; "
          + "*) dd bs=512 count=\"$blocks\" iflag=fullblock 2>/dev/null | tar -x -o -f - -C / 2>&1;"
          + " echo \""
          + UNPACKED
          + "$?\";; esac; done";
  // Starting podman exec takes 0.1 to 1 s here; the limit only catches a podman that hangs.
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
  // Unpacking in the container takes milliseconds; as long as podman cp is given, for very large
  // syncs.
  private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(1);

  private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(10);
  private static final Duration CLEANUP_POLL = Duration.ofMillis(20);
  // The stop comes after answer() has given up, so that a slow answer is reported as late rather
  // than as a shell gone.
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

  private final String container;
  private final RunningProcess shell;
  private final BlockingQueue<String> lines;

  private ContainerShell(String container, RunningProcess shell, BlockingQueue<String> lines) {
    this.container = container;
    this.shell = shell;
    this.lines = lines;
  }

  /**
   * Starts the shell in {@code container} and probes it; empty (with the reason in the debug log)
   * when the container cannot run it, the shell then having been ended.
   */
  static Optional<ContainerShell> open(PodmanCli podman, String container) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    RunningProcess shell;
    try {
      shell = podman.startExec(container, List.of("/bin/sh", "-c", LOOP), lines::add, lines::add);
    } catch (PodmanException e) {
      log.debug("no live update shell in {}: {}", container, e.getMessage());
      return Optional.empty();
    }
    ContainerShell opened = new ContainerShell(container, shell, lines);
    try {
      byte[] probe = new byte[BLOCK];
      Arrays.fill(probe, (byte) 'x');
      String answer =
          opened.exchange(
              out -> {
                out.write("probe\n".getBytes(StandardCharsets.US_ASCII));
                out.write(probe);
                out.write("ok\n".getBytes(StandardCharsets.US_ASCII));
              },
              PROBED,
              PROBE_TIMEOUT);
      if (answer.equals("ok")) return Optional.of(opened);
      log.debug(
          "no live update shell in {}: the probe answered {} ({})",
          container,
          answer,
          opened.drained());
    } catch (IOException e) {
      log.debug("no live update shell in {}: {} ({})", container, e.getMessage(), opened.drained());
    }
    opened.close();
    return Optional.empty();
  }

  /**
   * Unpacks {@code archive} ({@code bytes} long) at {@code /} in the container. Throws when the
   * shell is gone, does not answer in time, or tar failed; the shell is of no further use then, and
   * the caller closes it.
   */
  void unpack(Path archive, long bytes) throws IOException {
    long blocks = (bytes + BLOCK - 1) / BLOCK;
    String code =
        exchange(
            out -> {
              out.write((blocks + "\n").getBytes(StandardCharsets.US_ASCII));
              try (InputStream in = Files.newInputStream(archive)) {
                in.transferTo(out);
              }
              // TarWriter ends its archives on a whole record; a shorter one is padded, and the
              // padding reads as the end.
              int padding = (int) (blocks * BLOCK - bytes);
              if (padding > 0) out.write(new byte[padding]);
            },
            UNPACKED,
            UNPACK_TIMEOUT);
    if (!code.equals("0")) {
      throw new IOException(
          "tar in " + container + " exited with " + code + " (" + drained() + ")");
    }
  }

  /** Whether {@link #remove} can take these paths: it reads them a line each. */
  static boolean canRemove(List<String> paths) {
    return paths.stream()
        .noneMatch(path -> path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || path.equals(END));
  }

  /**
   * Removes these paths (files or folders) in the container with one {@code rm -rf}; missing ones
   * are no error.
   */
  void remove(List<String> paths) throws IOException {
    String code =
        exchange(
            out -> {
              StringBuilder text = new StringBuilder("remove\n");
              paths.forEach(path -> text.append(path).append('\n'));
              out.write(text.append(END).append('\n').toString().getBytes(StandardCharsets.UTF_8));
            },
            REMOVED,
            UNPACK_TIMEOUT);
    if (!code.equals("0")) {
      throw new IOException("rm in " + container + " exited with " + code + " (" + drained() + ")");
    }
  }

  /** Whether the shell still runs (it ends with its container). */
  boolean alive() {
    return shell.isAlive();
  }

  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  /**
   * Writes to the shell and returns its answer. A shell that is still busy when {@code timeout} has
   * passed is stopped, which also ends a write that waits for it to read.
   */
  private String exchange(Writing writing, String prefix, Duration timeout) throws IOException {
    AtomicBoolean answered = new AtomicBoolean();
    CompletableFuture.runAsync(
        () -> {
          if (!answered.get()) shell.stop();
        },
        CompletableFuture.delayedExecutor(
            timeout.toNanos() + ANSWER_MARGIN.toNanos(), TimeUnit.NANOSECONDS));
    try {
      lines.clear();
      OutputStream out = shell.input();
      writing.to(out);
      out.flush();
      return answer(prefix, timeout);
    } finally {
      answered.set(true);
    }
  }

  /**
   * The rest of the first line starting with {@code prefix}; other lines (tar's complaints) stay
   * for the message.
   */
  private String answer(String prefix, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> other = new ArrayList<>();
    try {
      while (true) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          lines.addAll(other);
          return line.substring(prefix.length());
        }
        if (line != null) {
          other.add(line);
        } else if (!shell.isAlive()) {
          lines.addAll(other);
          throw new IOException("the shell in " + container + " ended");
        } else if (System.nanoTime() > deadline) {
          lines.addAll(other);
          throw new IOException(
              "the shell in " + container + " did not answer within " + timeout.toSeconds() + " s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the shell in " + container, e);
    }
  }

  /** What the shell said besides its answers, for the debug log. */
  private String drained() {
    List<String> said = new ArrayList<>();
    lines.drainTo(said);
    return said.isEmpty() ? "no output" : String.join(" | ", said);
  }

  /**
   * Ends the shell: closing its stdin ends its loop; stopping it ends it if that did not. Then
   * waits, at most {@link #CLEANUP_LIMIT}, for podman's cleanup of the exec session: conmon starts
   * {@code podman container cleanup --exec SESSION CONTAINER} after the session ended, and a
   * restart of the container racing with it can leave the container stopped (seen in
   * PodmanLiveUpdateIT on a loaded machine).
   */
  @Override
  public void close() {
    try {
      shell.input().close();
    } catch (IOException e) {
      log.debug(
          "closing the stdin of the shell in {} failed (it may have ended already)", container, e);
    }
    try {
      shell.onExit().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      shell.stop();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      shell.stop();
    }
    long deadline = System.nanoTime() + CLEANUP_LIMIT.toNanos();
    while (cleaningUp() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(
            CLEANUP_POLL); // podman says nothing when its cleanup ends; its process is what there
        // is to see
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // Whether a `podman container cleanup --exec` of this container runs.
  private boolean cleaningUp() {
    return ProcessHandle.allProcesses()
        .anyMatch(
            process ->
                process
                    .info()
                    .arguments()
                    .map(
                        args ->
                            List.of(args).contains("cleanup")
                                && List.of(args).contains("--exec")
                                && Arrays.stream(args).anyMatch(arg -> arg.startsWith(container)))
                    .orElse(false));
  }
}
