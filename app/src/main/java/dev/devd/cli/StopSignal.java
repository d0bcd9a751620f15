package dev.devd.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a clean stop: the first one releases {@link #await()} so devd can stop its
 * commands and exit 0; a second one while stopping exits at once. The JDK's default would exit 130 or 143 without
 * waiting for child processes.
 */
final class StopSignal {
  private final CountDownLatch stop = new CountDownLatch(1);

  static StopSignal install() {
    StopSignal signal = new StopSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), received -> signal.received());
    }
    return signal;
  }

  private void received() {
    if (stop.getCount() == 0) {
      System.err.println("stopping at once");
      Runtime.getRuntime().halt(ExitCodes.FAILURE);
    }
    stop.countDown();
  }

  void await() throws InterruptedException {
    stop.await();
  }
}
