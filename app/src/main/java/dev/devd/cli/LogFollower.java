package dev.devd.cli;

import dev.devd.status.LogLine;
import dev.devd.status.NotRunningException;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands a running devd's console lines to a consumer as they come, until that devd stops or the
 * user presses Ctrl-C, which ends only the following: what {@code devd logs -f} and {@code devd
 * attach} share.
 */
final class LogFollower {
  /** How following ended. */
  enum Ending {
    /** Ctrl-C (or SIGTERM) here; the devd followed keeps running. */
    DETACHED,
    /** The devd followed stopped and ended the stream. */
    DEVD_STOPPED
  }

  private LogFollower() {}

  /**
   * Follows the lines of {@code resource} (all when empty) from the oldest the devd keeps.
   *
   * @throws IOException the devd is not running, or refused the request (an unknown resource, say)
   */
  static Ending follow(StatusClient client, Optional<String> resource, Consumer<LogLine> each)
      throws IOException, InterruptedException {
    StopSignal stop = StopSignal.install();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<IOException> failure = new AtomicReference<>();
    AtomicBoolean streamEnded = new AtomicBoolean();
    Thread.ofVirtual()
        .name("devd-follow")
        .start(
            () -> {
              try {
                client.follow(resource, 0, each);
              } catch (IOException e) {
                failure.set(e);
              } finally {
                streamEnded.set(true);
                done.countDown();
              }
            });
    Thread stopper =
        Thread.ofVirtual()
            .name("devd-follow-stop")
            .start(
                () -> {
                  try {
                    stop.await();
                    done.countDown();
                  } catch (InterruptedException e) {
                    // The stream ended first.
                  }
                });
    done.await();
    stopper.interrupt();
    // Ctrl-C: the reader is still blocked on the stream; the JVM ends it on exit.
    if (!streamEnded.get()) return Ending.DETACHED;
    IOException e = failure.get();
    if (e instanceof StatusClient.RefusedException || e instanceof NotRunningException) throw e;
    return Ending.DEVD_STOPPED;
  }
}
