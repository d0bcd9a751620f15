package dev.devd.engine;

import dev.devd.console.ResourceLog;

/**
 * Numbers the steps of one pass as they start: {@code STEP 2/3 — Pushing
 * localhost:5000/web:devd-…}.
 */
final class Steps {
  private final ResourceLog log;
  private int total;
  private int started;

  Steps(ResourceLog log, int total) {
    this.log = log;
    this.total = total;
  }

  /**
   * Steps counted in the total that will not run after all (a build taken from the cache, and its
   * push).
   */
  void skip(int steps) {
    total -= steps;
  }

  void start(String title) {
    started++;
    log.info("STEP {}/{} — {}", started, Math.max(total, started), title);
  }
}
