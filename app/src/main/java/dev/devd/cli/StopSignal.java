package dev.devd.cli;

import dev.devd.exec.RunTracker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a clean stop: the first one releases {@link #await()} so
 * devd can stop its commands and exit 0; another one a while later, when the user tires of waiting,
 * kills them and exits at once. The JDK's default would exit 130 or 143 without waiting for child
 * processes.
 *
 * <p>A devd started with SIGINT ignored (by a shell, for a command run in the background with
 * {@code &} from a script) keeps ignoring it: the JVM does not take over an ignored signal. SIGTERM
 * always works.
 */
final class StopSignal {
  // One stop request often arrives as two signals at once: timeout(1) and some terminals signal
  // both the process and
  // its process group. Only a signal this long after the first means "stop now".
  private static final Duration SAME_REQUEST = Duration.ofSeconds(2);
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile long firstAt;

  static StopSignal install() {
    StopSignal signal = new StopSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), received -> signal.received());
    }
    return signal;
  }

  private synchronized void received() {
    if (stop.getCount() == 0) {
      if (System.nanoTime() - firstAt < SAME_REQUEST.toNanos()) return;
      System.err.println("stopping at once");
      RunTracker
          .killAllNow(); // KILL takes no time; without it the commands would run on until the next
      // devd up
      Runtime.getRuntime().halt(ExitCodes.FAILURE);
    }
    firstAt = System.nanoTime();
    stop.countDown();
  }

  void await() throws InterruptedException {
    stop.await();
  }
}
