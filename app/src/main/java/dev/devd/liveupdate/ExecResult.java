package dev.devd.liveupdate;

import java.time.Duration;
import java.util.Objects;

/** How a command run inside a container ended: its exit code and how long it took. */
public record ExecResult(int exitCode, Duration duration) {
  public ExecResult {
    Objects.requireNonNull(duration, "duration");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
