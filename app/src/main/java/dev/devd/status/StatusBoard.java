package dev.devd.status;

import dev.devd.runtime.PodSnapshot;
import dev.devd.status.ResourceStatus.CurrentPass;
import dev.devd.status.ResourceStatus.LastPass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of a running {@code devd up} that the status page and {@code devd status} show: the latest immutable
 * {@link ResourceStatus} of every resource, and the recent console lines of each, numbered by one sequence so a
 * client can ask for "the lines after N". Safe to use from any thread; the engine's loops write, the server reads.
 *
 * <p>Calls for a resource that is not registered are dropped (a loop may finish a pass just after its resource left
 * devd.yaml), except console lines: those are kept under any name, devd's own under the empty name.
 */
public final class StatusBoard {
  private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
  /**
   * 1,000 lines is a guess at "enough to see why the last build failed": a failing Maven or npm build prints a few
   * hundred. At up to {@link #MAX_LINE_LENGTH} characters a line this bounds a resource to a few MB at worst.
   */
  public static final int LINES_PER_RESOURCE = 1_000;

  /** Longer lines (a minified bundle echoed by a build) are cut here so one line cannot hold megabytes. */
  public static final int MAX_LINE_LENGTH = 4_096;

  private final Clock clock;
  private final int linesPerResource;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition lineAdded = lock.newCondition();
  private final Map<String, ResourceStatus> resources = new LinkedHashMap<>();
  private final Map<String, ArrayDeque<LogLine>> rings = new LinkedHashMap<>();
  private long sequence;

  public StatusBoard(Clock clock) {
    this(clock, LINES_PER_RESOURCE);
  }

  public StatusBoard(Clock clock, int linesPerResource) {
    if (linesPerResource < 1) throw new IllegalArgumentException("linesPerResource must be at least 1, not " + linesPerResource);
    this.clock = clock;
    this.linesPerResource = linesPerResource;
  }

  /** {@link #register(String, String, String, List)} for a resource without labels. */
  public void register(String name, String kind, String triggerMode) {
    register(name, kind, triggerMode, List.of());
  }

  /**
   * Adds a resource in state pending, or updates the kind, trigger mode and labels of one already there and keeps its
   * last update, pods and lines (the engine registers again when a resource restarts with new settings).
   */
  public void register(String name, String kind, String triggerMode, List<String> labels) {
    lock.lock();
    try {
      ResourceStatus old = resources.get(name);
      resources.put(name, old == null
          ? new ResourceStatus(name, kind, triggerMode, labels, ResourceState.PENDING, Optional.empty(), Optional.empty(),
              Optional.empty(), List.of(), 0)
          : new ResourceStatus(name, kind, triggerMode, labels, old.state(), old.currentPass(), old.lastPass(),
              old.deployedRef(), old.pods(), old.pendingChanges()));
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a resource that left devd.yaml, with its lines. */
  public void remove(String name) {
    lock.lock();
    try {
      resources.remove(name);
      rings.remove(name);
    } finally {
      lock.unlock();
    }
  }

  /** An update of {@code name} starts now; {@code reason} is one line, e.g. {@code 2 files changed: a.txt, b.txt}. */
  public void passStarted(String name, String reason) {
    update(name, old -> new ResourceStatus(name, old.kind(), old.triggerMode(), old.labels(), ResourceState.UPDATING,
        Optional.of(new CurrentPass(reason, clock.instant())), old.lastPass(), old.deployedRef(), old.pods(),
        old.pendingChanges()));
  }

  /** The running update of {@code name} ended; {@code deployedRef} is what it deployed, if it deployed an image. */
  public void passEnded(String name, boolean ok, Optional<String> error, Optional<String> deployedRef) {
    Instant now = clock.instant();
    update(name, old -> {
      // An end without a start (the engine's bug or a race with register) still records the result, with no duration.
      CurrentPass current = old.currentPass().orElse(new CurrentPass("", now));
      LastPass last = new LastPass(current.reason(), current.startedAt(), Duration.between(current.startedAt(), now), ok,
          ok ? Optional.empty() : Optional.of(error.orElse("the update failed")), deployedRef);
      return new ResourceStatus(name, old.kind(), old.triggerMode(), old.labels(), ok ? ResourceState.OK : ResourceState.FAILED,
          Optional.empty(), Optional.of(last), ok && deployedRef.isPresent() ? deployedRef : old.deployedRef(),
          old.pods(), old.pendingChanges());
    });
  }

  /** The pods of {@code name} as last seen. */
  public void pods(String name, List<PodSnapshot> pods) {
    update(name, old -> new ResourceStatus(name, old.kind(), old.triggerMode(), old.labels(), old.state(), old.currentPass(),
        old.lastPass(), old.deployedRef(), pods, old.pendingChanges()));
  }

  /** How many changed files wait for the next update of {@code name}. */
  public void pendingChanges(String name, int count) {
    update(name, old -> new ResourceStatus(name, old.kind(), old.triggerMode(), old.labels(), old.state(), old.currentPass(),
        old.lastPass(), old.deployedRef(), old.pods(), count));
  }

  /**
   * A console line of {@code name} (empty or null for devd's own). Text with line breaks becomes one line each; a
   * line longer than {@link #MAX_LINE_LENGTH} is cut. The oldest line of the resource goes when it has too many.
   */
  public void logLine(String name, String line) {
    logLines(name, List.of(lines(line == null ? "" : line)));
  }

  /**
   * Console lines of {@code name} that arrived together (a read of a command's output), each without line breaks, as
   * {@link #logLine} each. Of more lines than a resource keeps, the older ones are numbered but never read, so a list
   * that decodes a line when it is read costs nothing for them: that keeps a command printing hundreds of megabytes at
   * its own speed.
   */
  public void logLines(String name, List<String> lines) {
    if (lines.isEmpty()) return;
    String resource = name == null ? "" : name;
    Instant now = clock.instant();
    lock.lock();
    try {
      ArrayDeque<LogLine> ring = rings.computeIfAbsent(resource, key -> new ArrayDeque<>());
      int first = Math.max(0, lines.size() - linesPerResource);
      sequence += first;
      for (int i = first; i < lines.size(); i++) {
        if (ring.size() == linesPerResource) ring.removeFirst();
        ring.addLast(new LogLine(++sequence, resource, now, cut(lines.get(i))));
      }
      lineAdded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // Almost every line is one line: it skips the regex, which runs on a save's way to its command.
  private static String[] lines(String text) {
    return text.indexOf('\n') < 0 ? new String[] {text} : LINE_BREAK.split(text, -1);
  }

  private static String cut(String text) {
    if (text.length() <= MAX_LINE_LENGTH) return text;
    return text.substring(0, MAX_LINE_LENGTH) + " … (" + (text.length() - MAX_LINE_LENGTH) + " more characters)";
  }

  /** Every registered resource, in the order they were registered. */
  public List<ResourceStatus> snapshot() {
    lock.lock();
    try {
      return List.copyOf(resources.values());
    } finally {
      lock.unlock();
    }
  }

  public Optional<ResourceStatus> status(String name) {
    lock.lock();
    try {
      return Optional.ofNullable(resources.get(name));
    } finally {
      lock.unlock();
    }
  }

  /** Whether the board knows {@code name}: registered, or it has lines (devd's own are under the empty name). */
  public boolean knows(String name) {
    lock.lock();
    try {
      return resources.containsKey(name) || rings.containsKey(name);
    } finally {
      lock.unlock();
    }
  }

  /** The names of the registered resources, in the order they were registered. */
  public List<String> names() {
    lock.lock();
    try {
      return List.copyOf(resources.keySet());
    } finally {
      lock.unlock();
    }
  }

  /** The kept lines of one resource (or of all, in the order printed) whose sequence number is above {@code after}. */
  public LogPage lines(Optional<String> resource, long after) {
    lock.lock();
    try {
      List<LogLine> found = new ArrayList<>();
      if (resource.isPresent()) {
        ArrayDeque<LogLine> ring = rings.get(resource.get());
        if (ring != null) addAfter(ring, after, found);
      } else {
        for (ArrayDeque<LogLine> ring : rings.values()) addAfter(ring, after, found);
        found.sort(Comparator.comparingLong(LogLine::sequence));
      }
      return new LogPage(found, Math.max(after, sequence));
    } finally {
      lock.unlock();
    }
  }

  private static void addAfter(ArrayDeque<LogLine> ring, long after, List<LogLine> into) {
    // The ring is in sequence order: walk back from the newest until the first line already seen.
    List<LogLine> newestFirst = new ArrayList<>();
    for (var it = ring.descendingIterator(); it.hasNext(); ) {
      LogLine line = it.next();
      if (line.sequence() <= after) break;
      newestFirst.add(line);
    }
    into.addAll(newestFirst.reversed());
  }

  /**
   * Like {@link #lines}, but when there is no such line yet, waits up to {@code timeout} for one to be logged.
   * Returns an empty page when none came.
   */
  public LogPage awaitLines(Optional<String> resource, long after, Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (!hasLinesAfter(resource, after) && remaining > 0) {
        remaining = lineAdded.awaitNanos(remaining);
      }
      return lines(resource, after);
    } finally {
      lock.unlock();
    }
  }

  private boolean hasLinesAfter(Optional<String> resource, long after) {
    if (resource.isEmpty()) return sequence > after;
    ArrayDeque<LogLine> ring = rings.get(resource.get());
    return ring != null && !ring.isEmpty() && ring.getLast().sequence() > after;
  }

  private interface Change {
    ResourceStatus apply(ResourceStatus old);
  }

  private void update(String name, Change change) {
    lock.lock();
    try {
      ResourceStatus old = resources.get(name);
      if (old != null) resources.put(name, change.apply(old));
    } finally {
      lock.unlock();
    }
  }
}
