package dev.devd.podman;

import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.liveupdate.ExecResult;
import dev.devd.liveupdate.SyncArchive;
import dev.devd.liveupdate.SyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live update into podman containers: files go in as one tar through {@code podman cp} (podman unpacks it, so the
 * container needs no tar), deletions and {@code run} commands through {@code podman exec}, and {@code restartContainer}
 * through a podman restart of the container (or of its pod, see {@link PodmanCli#restart}).
 */
public final class PodmanContainerTransport implements ContainerTransport {
  // rm of a few paths takes milliseconds; the limit only catches a container that hangs.
  private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(1);
  // A run step such as npm install can take minutes; an hour is past anything a person waits for at a terminal.
  static final Duration RUN_TIMEOUT = Duration.ofHours(1);

  private final PodmanCli podman;
  private final Duration stopTimeout;
  private final Consumer<String> restarting;

  /** A transport that gives a restarted container's process {@link ProcessRunner#DEFAULT_GRACE_PERIOD} after TERM. */
  public PodmanContainerTransport(PodmanCli podman) {
    this(podman, ProcessRunner.DEFAULT_GRACE_PERIOD, id -> {});
  }

  /**
   * @param stopTimeout how long a restarted container's process has after TERM
   * @param restarting told the id of each container just before devd restarts it
   */
  public PodmanContainerTransport(PodmanCli podman, Duration stopTimeout, Consumer<String> restarting) {
    this.podman = Objects.requireNonNull(podman, "podman");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.restarting = Objects.requireNonNull(restarting, "restarting");
  }

  @Override
  public void copy(ContainerRef container, SyncArchive archive) throws SyncException {
    try {
      podman.copyArchive(id(container), archive.file());
    } catch (PodmanException e) {
      throw new SyncException("copying files into " + container.displayName() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(ContainerRef container, List<String> remotePaths) throws SyncException {
    if (remotePaths.isEmpty()) return;
    List<String> argv = new ArrayList<>(List.of("rm", "-rf", "--"));
    argv.addAll(remotePaths);
    List<String> output = new CopyOnWriteArrayList<>();
    ProcessResult result;
    try {
      result = podman.exec(id(container), argv, output::add, DELETE_TIMEOUT);
    } catch (PodmanException e) {
      throw new SyncException("removing deleted files in " + container.displayName() + " failed: " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      throw SyncException.commandFailed(container, "to remove files deleted locally", String.join(" ", argv),
          result.exitCode(), output, List.of("rm"));
    }
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> argv, OutputSink out) throws SyncException {
    try {
      ProcessResult result = podman.exec(id(container), argv, out, RUN_TIMEOUT);
      return new ExecResult(result.exitCode(), result.duration());
    } catch (PodmanException e) {
      throw new SyncException(e.getMessage(), e);
    }
  }

  @Override
  public void restart(ContainerRef container) throws SyncException {
    try {
      restarting.accept(id(container));
      podman.restart(id(container), stopTimeout);
    } catch (PodmanException e) {
      throw new SyncException(e.getMessage(), e);
    }
  }

  private static String id(ContainerRef container) {
    if (container.address() instanceof ContainerRef.PodmanContainer podman) return podman.id();
    throw new IllegalArgumentException(container.displayName() + " is not a podman container: " + container.address());
  }
}
