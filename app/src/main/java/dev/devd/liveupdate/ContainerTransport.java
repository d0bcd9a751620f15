package dev.devd.liveupdate;

import dev.devd.exec.OutputSink;
import java.util.List;

/**
 * How files and commands reach a running container of one runtime: podman's copy and exec, or
 * Kubernetes' exec API. Each method blocks until the container has done the work, and explains any
 * failure in a {@link SyncException}.
 */
public interface ContainerTransport {
  /** Unpacks {@code archive} at {@code /} in the container, replacing files that are there. */
  void copy(ContainerRef container, SyncArchive archive) throws SyncException;

  /**
   * Removes these absolute paths (files or folders) in the container; paths that do not exist are
   * no error.
   */
  void delete(ContainerRef container, List<String> remotePaths) throws SyncException;

  /**
   * Runs {@code argv} in the container, with no shell in between, sending its output lines to
   * {@code out}; a command that ran and failed returns its exit code, a command that could not be
   * run at all throws.
   */
  ExecResult exec(ContainerRef container, List<String> argv, OutputSink out) throws SyncException;

  /**
   * Restarts the container's process, keeping its files ({@code restartContainer}, podman only).
   */
  void restart(ContainerRef container) throws SyncException;
}
