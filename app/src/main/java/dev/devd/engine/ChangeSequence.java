package dev.devd.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers the file changes of a session in the order devd routes them. A build remembers the last
 * number routed when it started: every change up to it was on disk when the command read its files,
 * so a target whose batch holds no later change of that image can use the build as it is.
 */
public final class ChangeSequence {
  private final AtomicLong last = new AtomicLong();

  /** The number of a change being routed now. */
  long next() {
    return last.incrementAndGet();
  }

  /** The number of the last change routed so far (0 before the first). */
  long current() {
    return last.get();
  }
}
