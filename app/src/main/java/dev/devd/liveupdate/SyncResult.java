package dev.devd.liveupdate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a live update did: the files reached every running container, or copying failed and a full
 * build must follow.
 */
public sealed interface SyncResult {

  /**
   * The files were copied into every container. A failed {@code run} command is reported here and
   * needs no rebuild: the files stay synced, and the next change tries again.
   */
  record Synced(List<ContainerSync> containers) implements SyncResult {
    public Synced {
      containers = List.copyOf(containers);
    }

    /** The first run command that failed, if any did. */
    public Optional<RunFailure> failedRun() {
      return containers.stream().flatMap(c -> c.failedRun().stream()).findFirst();
    }
  }

  /**
   * Copying, removing or restarting failed; the engine builds and deploys the image instead, for
   * {@code reason}.
   */
  record NeedsFullUpdate(String reason) implements SyncResult {
    public NeedsFullUpdate {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** What happened in one container. */
  record ContainerSync(
      ContainerRef container,
      int filesCopied,
      int pathsRemoved,
      int runsSucceeded,
      Optional<RunFailure> failedRun,
      boolean restarted,
      Duration duration) {}

  /**
   * A {@code run} command that failed in a container; the steps after it and the restart were
   * skipped.
   *
   * @param problem {@code exited with 1}, or why it could not be run
   * @param lastOutput its last lines of output (all of it went to the resource's log as it ran)
   */
  record RunFailure(String container, String command, String problem, List<String> lastOutput) {
    public RunFailure {
      lastOutput = List.copyOf(lastOutput);
    }
  }
}
