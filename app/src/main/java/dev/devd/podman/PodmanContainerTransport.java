package dev.devd.podman;

import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.liveupdate.ExecResult;
import dev.devd.liveupdate.SyncArchive;
import dev.devd.liveupdate.SyncException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live update into podman containers: files go in as one tar and deleted files are removed by a
 * shell kept running in the container ({@link ContainerShell}, opened at its first update) or, in a
 * container that cannot run one, through {@code podman cp} (podman unpacks it, so the container
 * needs no tar) and {@code podman exec rm}; {@code run} commands go through {@code podman exec},
 * and {@code restartContainer} through a podman restart of the container (or of its pod, see {@link
 * PodmanCli#restart}).
 *
 * <p>The shells end when their container is restarted by devd, when the runtime replays a resource
 * ({@link #endShells()}) and when devd stops ({@link #close()}); one whose container stopped by
 * itself has ended with it and is replaced at the next update.
 */
public final class PodmanContainerTransport implements ContainerTransport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodmanContainerTransport.class);
  // rm of a few paths takes milliseconds; the limit only catches a container that hangs.
  private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(1);
  // A run step such as npm install can take minutes; an hour is past anything a person waits for at
  // a terminal.
  static final Duration RUN_TIMEOUT = Duration.ofHours(1);

  private final PodmanCli podman;
  private final Duration stopTimeout;
  private final Consumer<String> restarting;
  // Guarded by itself: an unpack takes milliseconds, so one lock for all containers holds nobody up
  // for long.
  private final Map<String, ContainerShell> shells = new HashMap<>();
  // Containers whose shell failed its probe or an unpack: podman cp serves them from then on.
  private final Set<String> withoutShell = ConcurrentHashMap.newKeySet();

  /**
   * A transport that gives a restarted container's process {@link
   * ProcessRunner#DEFAULT_GRACE_PERIOD} after TERM.
   */
  public PodmanContainerTransport(PodmanCli podman) {
    this(podman, ProcessRunner.DEFAULT_GRACE_PERIOD, id -> {});
  }

  /**
   * @param stopTimeout how long a restarted container's process has after TERM
   * @param restarting told the id of each container just before devd restarts it
   */
  public PodmanContainerTransport(
      PodmanCli podman, Duration stopTimeout, Consumer<String> restarting) {
    this.podman = Objects.requireNonNull(podman, "podman");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    this.restarting = Objects.requireNonNull(restarting, "restarting");
  }

  @Override
  public void copy(ContainerRef container, SyncArchive archive) throws SyncException {
    if (byShell(id(container), "unpacking", shell -> shell.unpack(archive.file(), archive.bytes())))
      return;
    try {
      podman.copyArchive(id(container), archive.file());
    } catch (PodmanException e) {
      throw new SyncException(
          "copying files into " + container.displayName() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * A step done by a container's shell; it throws when the shell failed, which then is of no
   * further use.
   */
  private interface ShellStep {
    void run(ContainerShell shell) throws IOException;
  }

  // Whether the container's shell did the step; on any failure the shell is ended, and podman cp or
  // exec, which say
  // what is wrong (a container that stopped, say), do the step again. A shell that ran but failed
  // the step (tar cannot
  // write where the container's user may not, say) is not tried again in that container.
  private boolean byShell(String id, String step, ShellStep work) {
    if (withoutShell.contains(id)) return false;
    synchronized (shells) {
      ContainerShell shell = shells.get(id);
      if (shell != null && !shell.alive()) {
        shells.remove(id).close();
        shell = null;
      }
      if (shell == null) {
        Optional<ContainerShell> opened = ContainerShell.open(podman, id);
        if (opened.isEmpty()) {
          withoutShell.add(id);
          return false;
        }
        shell = opened.get();
        shells.put(id, shell);
      }
      try {
        work.run(shell);
        return true;
      } catch (IOException e) {
        log.debug("{} in {} by its shell failed; using podman instead", step, id, e);
        if (shell.alive()) withoutShell.add(id);
        shells.remove(id).close();
        return false;
      }
    }
  }

  /** Ends the shells of all containers, for a replay that replaces containers. */
  public void endShells() {
    synchronized (shells) {
      shells.values().forEach(ContainerShell::close);
      shells.clear();
    }
  }

  private void endShell(String id) {
    synchronized (shells) {
      ContainerShell shell = shells.remove(id);
      if (shell != null) shell.close();
    }
  }

  @Override
  public void delete(ContainerRef container, List<String> remotePaths) throws SyncException {
    if (remotePaths.isEmpty()) return;
    if (ContainerShell.canRemove(remotePaths)
        && byShell(id(container), "removing", shell -> shell.remove(remotePaths))) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("rm", "-rf", "--"));
    argv.addAll(remotePaths);
    List<String> output = new CopyOnWriteArrayList<>();
    ProcessResult result;
    try {
      result = podman.exec(id(container), argv, output::add, DELETE_TIMEOUT);
    } catch (PodmanException e) {
      throw new SyncException(
          "removing deleted files in " + container.displayName() + " failed: " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      throw SyncException.commandFailed(
          container,
          "to remove files deleted locally",
          String.join(" ", argv),
          result.exitCode(),
          output,
          List.of("rm"));
    }
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> argv, OutputSink out)
      throws SyncException {
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
      endShell(id(container));
      podman.restart(id(container), stopTimeout);
    } catch (PodmanException e) {
      throw new SyncException(e.getMessage(), e);
    }
  }

  /** Ends every container shell; for devd's shutdown. */
  @Override
  public void close() {
    endShells();
  }

  private static String id(ContainerRef container) {
    if (container.address() instanceof ContainerRef.PodmanContainer podman) return podman.id();
    throw new IllegalArgumentException(
        container.displayName() + " is not a podman container: " + container.address());
  }
}
