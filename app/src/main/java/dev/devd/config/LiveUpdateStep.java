package dev.devd.config;

import java.nio.file.Path;
import java.util.List;

/** One step of an image's {@code liveUpdate} list (SPEC §8), in the order the user wrote them. */
public sealed interface LiveUpdateStep {
  SourceLocation location();

  /** Copy everything under the sync paths into a new container before the first change. */
  record InitialSync(SourceLocation location) implements LiveUpdateStep {}

  /** A change to any of these paths needs a full build. */
  record FallBackOn(List<Path> paths, SourceLocation location) implements LiveUpdateStep {
    public FallBackOn {
      paths = List.copyOf(paths);
    }
  }

  /**
   * Files under {@code local} (absolute) are copied to {@code remote} (a path inside the
   * container).
   */
  record Sync(Path local, String remote, SourceLocation location) implements LiveUpdateStep {}

  /**
   * A command run in the container after a sync, when any of its triggers changed (no triggers:
   * always).
   */
  record Run(Cmd cmd, List<Path> triggers, SourceLocation location) implements LiveUpdateStep {
    public Run {
      triggers = List.copyOf(triggers);
    }
  }

  /** Restart the container after syncing (podman only). */
  record RestartContainer(SourceLocation location) implements LiveUpdateStep {}

  /**
   * Restart the container's main process after syncing, keeping the container and its files (both
   * runtimes).
   */
  record RestartProcess(SourceLocation location) implements LiveUpdateStep {}
}
