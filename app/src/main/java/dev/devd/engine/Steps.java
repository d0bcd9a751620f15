package dev.devd.engine;

import dev.devd.console.ResourceLog;

/** Numbers the steps of one pass as they start: {@code STEP 2/3 — Pushing localhost:5000/web:devd-…}. */
final class Steps {
  private final ResourceLog log;
  private final int total;
  private int started;

  Steps(ResourceLog log, int total) {
    this.log = log;
    this.total = total;
  }

  void start(String title) {
    started++;
    log.info("STEP {}/{} — {}", started, Math.max(total, started), title);
  }
}
