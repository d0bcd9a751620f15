package dev.devd.k8s;

import dev.devd.config.DurationFormatter;
import dev.devd.exec.OutputSink;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.liveupdate.ExecResult;
import dev.devd.liveupdate.SyncArchive;
import dev.devd.liveupdate.SyncException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecOutputErrorable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Live update into the containers of Kubernetes pods through the exec API (fabric8): files go in as
 * one tar on the exec's stdin, unpacked by the container's own {@code tar}; deletions and {@code
 * run} commands are execs too, and exit codes come from the exec's status channel. {@code
 * restartContainer} is podman's alone.
 *
 * <p>fabric8 speaks the {@code v4.channel.k8s.io} protocol, which has no way to close stdin, and
 * busybox tar (alpine) reads its input to the end, so {@code tar -x} alone would wait forever. The
 * archive's exact size goes along instead: {@code head -c SIZE | tar -xmf - -C /} ends when every
 * byte has arrived, on any cluster version.
 */
public final class K8sContainerTransport implements ContainerTransport {
  // Copying and removing take well under a second for source files; the limit only catches a
  // container that hangs.
  private static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);
  // A run step such as npm install can take minutes; an hour is past anything a person waits for at
  // a terminal.
  private static final Duration RUN_TIMEOUT = Duration.ofHours(1);
  // Checked first, so that a missing program is named instead of tar unpacking an empty stream
  // without complaint.
  static final String UNPACK_SCRIPT =
      "for p in head tar; do command -v \"$p\" >/dev/null 2>&1"
          + " || { echo \"$p: not found\" >&2; exit 127; }; done; head -c \"$1\" | tar -xmf - -C /";

  private final KubernetesClient client;

  public K8sContainerTransport(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * The containers of a pod as live update sees them: the image each runs as the pod spec names it
   * (the ref devd deployed), whether it runs, whether it is in CrashLoopBackOff, and when it
   * started.
   */
  public static List<ContainerRef> containers(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    List<ContainerStatus> statuses =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    List<ContainerRef> refs = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      Optional<ContainerStatus> status =
          statuses.stream().filter(s -> container.getName().equals(s.getName())).findFirst();
      boolean running =
          status.map(s -> s.getState() != null && s.getState().getRunning() != null).orElse(false);
      boolean crashLooping =
          status
              .map(
                  s ->
                      s.getState() != null
                          && s.getState().getWaiting() != null
                          && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason()))
              .orElse(false);
      Instant startedAt =
          running ? instant(status.get().getState().getRunning().getStartedAt()) : Instant.EPOCH;
      refs.add(
          new ContainerRef(
              new ContainerRef.PodContainer(namespace, name, container.getName()),
              name + "/" + container.getName(),
              Objects.requireNonNullElse(container.getImage(), ""),
              running,
              crashLooping,
              startedAt));
    }
    return refs;
  }

  @Override
  public void copy(ContainerRef container, SyncArchive archive) throws SyncException {
    List<String> argv = List.of("sh", "-c", UNPACK_SCRIPT, "sh", Long.toString(archive.bytes()));
    List<String> output = new CopyOnWriteArrayList<>();
    Outcome outcome =
        exec(
            container,
            argv,
            Optional.of(archive.file()),
            output::add,
            COPY_TIMEOUT,
            "to copy files into it");
    if (outcome.exitCode() != 0) {
      throw SyncException.commandFailed(
          container,
          "to copy files into it",
          "tar -xmf - -C /",
          outcome.exitCode(),
          withStatus(output, outcome),
          List.of("tar", "head", "sh"));
    }
  }

  @Override
  public void delete(ContainerRef container, List<String> remotePaths) throws SyncException {
    if (remotePaths.isEmpty()) return;
    List<String> argv = new ArrayList<>(List.of("rm", "-rf", "--"));
    argv.addAll(remotePaths);
    List<String> output = new CopyOnWriteArrayList<>();
    Outcome outcome =
        exec(
            container,
            argv,
            Optional.empty(),
            output::add,
            COPY_TIMEOUT,
            "to remove files deleted locally");
    if (outcome.exitCode() != 0) {
      throw SyncException.commandFailed(
          container,
          "to remove files deleted locally",
          String.join(" ", argv),
          outcome.exitCode(),
          withStatus(output, outcome),
          List.of("rm"));
    }
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> argv, OutputSink out)
      throws SyncException {
    long start = System.nanoTime();
    Outcome outcome =
        exec(container, argv, Optional.empty(), out, RUN_TIMEOUT, "to run the command");
    if (outcome.exitCode() < 0) {
      // No exit code: the runtime could not start the command at all; the status says why.
      throw new SyncException(
          "cannot run `"
              + String.join(" ", argv)
              + "` in "
              + container.displayName()
              + ": "
              + outcome.statusMessage().orElse("the cluster gave no reason"));
    }
    return new ExecResult(outcome.exitCode(), Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public void restart(ContainerRef container) throws SyncException {
    throw new SyncException(
        "restartContainer works only with runtime: podman; on Kubernetes "
            + container.displayName()
            + " keeps running. Remove the restartContainer step, or make the app reload changed files itself (a file"
            + " watcher such as nodemon)");
  }

  /**
   * How an exec ended: the exit code from the status channel (-1 when it carried none) and the
   * status's message.
   */
  private record Outcome(int exitCode, Optional<String> statusMessage) {}

  private Outcome exec(
      ContainerRef ref,
      List<String> argv,
      Optional<Path> stdin,
      OutputSink out,
      Duration timeout,
      String purpose)
      throws SyncException {
    if (!(ref.address() instanceof ContainerRef.PodContainer address)) {
      throw new IllegalArgumentException(
          ref.displayName() + " is not a Kubernetes container: " + ref.address());
    }
    Object lock =
        new Object(); // stdout and stderr arrive on different threads; a sink gets one line at a
    // time
    LineStream stdout = new LineStream(out, lock);
    LineStream stderr = new LineStream(out, lock);
    CompletableFuture<Status> exitStatus = new CompletableFuture<>();
    ExecListener listener =
        new ExecListener() {
          @Override
          public void onExit(int code, Status status) {
            exitStatus.complete(status);
          }

          @Override
          public void onClose(int code, String reason) {
            exitStatus.complete(null);
          }
        };
    ContainerResource container =
        client
            .pods()
            .inNamespace(address.namespace())
            .withName(address.pod())
            .inContainer(address.container());
    TtyExecOutputErrorable streams = stdin.isPresent() ? container.redirectingInput() : container;
    String command = "`" + String.join(" ", argv) + "`";
    try (ExecWatch watch =
        streams
            .writingOutput(stdout)
            .writingError(stderr)
            .usingListener(listener)
            .exec(argv.toArray(String[]::new))) {
      CompletableFuture<Integer> exitCode = watch.exitCode();
      if (stdin.isPresent()) send(stdin.get(), watch, exitCode);
      Integer code;
      try {
        code = exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // A command that exits without reading its stdin (tar missing) can close the exec while
        // fabric8 still
        // sends; fabric8 then fails the exit code with "could not send", though the status with the
        // real exit
        // code is on its way. It is the answer that matters.
        Status status = statusSoon(exitStatus);
        if (status == null) throw e;
        code = exitCode(status);
      }
      stdout.flushLine();
      stderr.flushLine();
      Optional<String> message =
          Optional.ofNullable(exitStatus.getNow(null))
              .map(Status::getMessage)
              .filter(m -> !m.isBlank());
      if (code == null) {
        throw new SyncException(
            command
                + " in "
                + ref.displayName()
                + " ended without an exit code (the connection"
                + " closed early); check that the pod still runs: kubectl get pod -n "
                + address.namespace()
                + " "
                + address.pod());
      }
      return new Outcome(code, message);
    } catch (TimeoutException e) {
      throw new SyncException(
          command
              + " in "
              + ref.displayName()
              + " was still running after "
              + DurationFormatter.format(timeout)
              + "; devd gave up waiting",
          e);
    } catch (ExecutionException e) {
      throw execFailed(ref, address, purpose, e.getCause());
    } catch (KubernetesClientException e) {
      throw execFailed(ref, address, purpose, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException("stopped while " + command + " ran in " + ref.displayName(), e);
    }
  }

  /**
   * Writes the file to the exec's stdin; stops early, without complaint, once the command has
   * ended.
   */
  private static void send(Path file, ExecWatch watch, CompletableFuture<Integer> exitCode)
      throws SyncException {
    OutputStream input = watch.getInput();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while (!exitCode.isDone() && (n = in.read(buffer)) >= 0) input.write(buffer, 0, n);
      input.flush();
    } catch (IOException e) {
      if (exitCode.isDone()) return; // the command ended first; its exit code says why
      throw new SyncException("cannot send " + file + " to the container: " + e.getMessage(), e);
    } catch (KubernetesClientException e) {
      if (!exitCode.isDone()) throw e;
    }
  }

  /**
   * The exit code a status carries, as the API server writes it: {@code Success} is 0, {@code
   * NonZeroExitCode} has the code as the message of its {@code ExitCode} cause; any other failure
   * (the command could not start) has none, which is -1 here as in fabric8.
   */
  static int exitCode(Status status) {
    if ("Success".equals(status.getStatus())) return 0;
    if (!"NonZeroExitCode".equals(status.getReason())
        || status.getDetails() == null
        || status.getDetails().getCauses() == null) {
      return -1;
    }
    return status.getDetails().getCauses().stream()
        .filter(cause -> "ExitCode".equals(cause.getReason()))
        .map(
            cause -> {
              try {
                return Integer.parseInt(cause.getMessage().strip());
              } catch (NumberFormatException | NullPointerException e) {
                return -1;
              }
            })
        .findFirst()
        .orElse(-1);
  }

  /** The exec's status, if it arrives within a second of a failed exit code. */
  private static Status statusSoon(CompletableFuture<Status> exitStatus)
      throws InterruptedException {
    try {
      return exitStatus.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  private static SyncException execFailed(
      ContainerRef ref, ContainerRef.PodContainer address, String purpose, Throwable cause) {
    String message =
        cause instanceof KubernetesClientException k
                && k.getStatus() != null
                && k.getStatus().getMessage() != null
            ? k.getStatus().getMessage()
            : String.valueOf(cause.getMessage());
    return new SyncException(
        "cannot exec into "
            + ref.displayName()
            + " "
            + purpose
            + ": "
            + message
            + "; check that the pod still runs and that your user may exec into it: kubectl auth can-i create pods/exec -n "
            + address.namespace(),
        cause);
  }

  /** The output lines plus the status message, which names a program the runtime could not find. */
  private static List<String> withStatus(List<String> output, Outcome outcome) {
    if (outcome.statusMessage().isEmpty()) return output;
    List<String> lines = new ArrayList<>(output);
    lines.add(outcome.statusMessage().get());
    return lines;
  }

  private static Instant instant(String text) {
    if (text == null || text.isEmpty()) return Instant.EPOCH;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** Turns the bytes of one exec stream into UTF-8 lines for an {@link OutputSink}. */
  private static final class LineStream extends OutputStream {
    private final OutputSink sink;
    private final Object lock;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineStream(OutputSink sink, Object lock) {
      this.sink = sink;
      this.lock = lock;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (lock) {
        for (int i = offset; i < offset + length; i++) {
          if (bytes[i] == '\n') {
            deliver();
          } else {
            line.write(bytes[i]);
          }
        }
      }
    }

    /** Delivers a last line that had no newline. */
    void flushLine() {
      synchronized (lock) {
        if (line.size() > 0) deliver();
      }
    }

    private void deliver() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
      sink.line(text);
    }
  }
}
