package dev.devd.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Groups file changes into batches: a batch closes after {@code quietPeriod} without changes, or at
 * the latest {@code maxWait} after its first change, so a file written forever cannot starve
 * builds. Pure: the caller passes the time, which keeps it testable by hand and free of timers. Not
 * thread-safe; one target's loop owns it.
 */
public final class Debouncer {
  private final String target;
  private final Duration quietPeriod;
  private final Duration maxWait;
  private final Set<Path> paths = new LinkedHashSet<>();
  private Instant firstSeen;
  private Instant lastSeen;

  public Debouncer(String target, Duration quietPeriod, Duration maxWait) {
    if (quietPeriod.isNegative() || maxWait.isNegative())
      throw new IllegalArgumentException("durations must not be negative");
    this.target = target;
    this.quietPeriod = quietPeriod;
    this.maxWait = maxWait;
  }

  public void add(FileChange change) {
    if (paths.isEmpty()) firstSeen = change.seenAt();
    paths.add(change.path());
    if (lastSeen == null || change.seenAt().isAfter(lastSeen)) lastSeen = change.seenAt();
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** How many distinct paths the open batch holds. */
  public int size() {
    return paths.size();
  }

  /** When the open batch is due: the end of its quiet period or its cap, whichever comes first. */
  public Optional<Instant> dueAt() {
    if (paths.isEmpty()) return Optional.empty();
    Instant quietEnd = lastSeen.plus(quietPeriod);
    Instant cap = firstSeen.plus(maxWait);
    return Optional.of(quietEnd.isBefore(cap) ? quietEnd : cap);
  }

  /** Closes and returns the open batch if it is due at {@code now}. */
  public Optional<ChangeBatch> takeIfDue(Instant now) {
    Optional<Instant> due = dueAt();
    if (due.isEmpty() || now.isBefore(due.get())) return Optional.empty();
    return Optional.of(take());
  }

  /**
   * Closes and returns the open batch now, due or not (for example when the user triggers an
   * update).
   */
  public ChangeBatch take() {
    if (paths.isEmpty()) throw new IllegalStateException("no open batch");
    ChangeBatch batch = new ChangeBatch(target, new ArrayList<>(paths), firstSeen, lastSeen);
    paths.clear();
    firstSeen = null;
    lastSeen = null;
    return batch;
  }
}
