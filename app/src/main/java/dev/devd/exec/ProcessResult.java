package dev.devd.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command ended: its exit code, how long it ran, and whether it exited by itself or devd
 * ended it.
 *
 * <p>{@code exitCode} is the process's own exit code; a process ended by a signal reports 128 + the
 * signal number as shells do (143 after TERM, 137 after KILL).
 */
public record ProcessResult(int exitCode, Duration duration, Outcome outcome) {
  /** Why the command is no longer running. */
  public enum Outcome {
    /** It exited by itself (whatever its exit code). */
    EXITED,
    /** It ran past its {@link ProcessSpec#timeout()} and devd ended it. */
    TIMED_OUT,
    /**
     * devd ended it before it finished: {@link RunningProcess#stop()}, {@link
     * ProcessRunner#stopAll()}, or an interrupted {@link ProcessRunner#run run}.
     */
    STOPPED
  }

  public ProcessResult {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** True when the command exited by itself with exit code 0. */
  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode == 0;
  }
}
