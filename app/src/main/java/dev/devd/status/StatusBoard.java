package dev.devd.status;

import dev.devd.runtime.PodSnapshot;
import dev.devd.status.ResourceStatus.CurrentPass;
import dev.devd.status.ResourceStatus.FinishedPass;
import dev.devd.status.ResourceStatus.LiveUpdate;
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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The state of a running {@code devd up} that the status page and {@code devd status} show: the
 * latest immutable {@link ResourceStatus} of every resource with its last passes, and the recent
 * console lines of each, numbered by one sequence so a client can ask for "the lines after N".
 * Every change of a resource bumps a version, so a client can wait for "anything after version V"
 * ({@link #awaitChanges}). Safe to use from any thread; the engine's loops write, the server reads.
 *
 * <p>Calls for a resource that is not registered are dropped (a loop may finish a pass just after
 * its resource left devd.yaml), except console lines: those are kept under any name, devd's own
 * under the empty name.
 */
public final class StatusBoard {
  private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

  /**
   * 1,000 lines is a guess at "enough to see why the last build failed": a failing Maven or npm
   * build prints a few hundred. At up to {@link #MAX_LINE_LENGTH} characters a line this bounds a
   * resource to a few MB at worst.
   */
  public static final int LINES_PER_RESOURCE = 1_000;

  /**
   * Longer lines (a minified bundle echoed by a build) are cut here so one line cannot hold
   * megabytes.
   */
  public static final int MAX_LINE_LENGTH = 4_096;

  /**
   * Finished passes kept per resource: Tilt's page shows about as many, enough to see when
   * something started failing.
   */
  public static final int HISTORY = 20;

  private final Clock clock;
  private final int linesPerResource;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Entry> resources = new LinkedHashMap<>();
  private final Map<String, ArrayDeque<LogLine>> rings = new LinkedHashMap<>();
  private long sequence;
  private long version;

  public StatusBoard(Clock clock) {
    this(clock, LINES_PER_RESOURCE);
  }

  public StatusBoard(Clock clock, int linesPerResource) {
    if (linesPerResource < 1)
      throw new IllegalArgumentException(
          "linesPerResource must be at least 1, not " + linesPerResource);
    this.clock = clock;
    this.linesPerResource = linesPerResource;
  }

  /**
   * What changed since a client last looked: the resources if any of them changed, and the new
   * lines.
   */
  public record Changes(long version, Optional<List<ResourceStatus>> resources, LogPage lines) {}

  /** {@link #register(String, String, String, List)} for a resource without labels. */
  public void register(String name, String kind, String triggerMode) {
    register(name, kind, triggerMode, List.of());
  }

  /**
   * Adds a resource in state pending, or updates the kind, trigger mode and labels of one already
   * there and keeps its history, pods, links and lines (the engine registers again when a resource
   * restarts with new settings).
   */
  public void register(String name, String kind, String triggerMode, List<String> labels) {
    List<String> copied = List.copyOf(labels);
    lock.lock();
    try {
      Entry entry = resources.computeIfAbsent(name, Entry::new);
      entry.kind = kind;
      entry.triggerMode = triggerMode;
      entry.labels = copied;
      changed();
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
      changed();
    } finally {
      lock.unlock();
    }
  }

  /** A pass of {@code name} starts now. */
  public void passStarted(String name, PassStart start) {
    Instant now = clock.instant();
    update(
        name,
        entry -> {
          entry.state = ResourceState.UPDATING;
          entry.current = Optional.of(new CurrentPass(start.reason(), start.kind(), now));
        });
  }

  /**
   * The running pass of {@code name} ended: it joins the history (the oldest beyond {@link
   * #HISTORY} goes), a deployed ref replaces the one shown, and a live update is shown beside the
   * ref it leaves in place.
   */
  public void passEnded(String name, PassEnd end) {
    Instant now = clock.instant();
    update(
        name,
        entry -> {
          // An end without a start (a recheck of containers reports only failures) still records
          // the result, with no duration.
          CurrentPass current = entry.current.orElse(new CurrentPass("", end.kind(), now));
          Optional<String> error =
              end.ok() ? Optional.empty() : Optional.of(end.error().orElse("the update failed"));
          if (entry.history.size() == HISTORY) entry.history.removeFirst();
          entry.history.addLast(
              new FinishedPass(
                  current.reason(),
                  end.kind(),
                  current.startedAt(),
                  Duration.between(current.startedAt(), now),
                  end.ok(),
                  error,
                  end.deployedRef(),
                  end.syncedFiles()));
          entry.state = end.ok() ? ResourceState.OK : ResourceState.FAILED;
          entry.current = Optional.empty();
          if (end.ok() && end.deployedRef().isPresent()) {
            entry.deployedRef = end.deployedRef();
            entry.liveUpdate = Optional.empty();
          } else if (end.ok() && end.kind() == PassKind.LIVE_UPDATE) {
            entry.liveUpdate = Optional.of(new LiveUpdate(end.syncedFiles(), now));
          }
        });
  }

  /** The pods of {@code name} as last seen. */
  public void pods(String name, List<PodSnapshot> pods) {
    List<PodSnapshot> copied = List.copyOf(pods);
    update(name, entry -> entry.pods = copied);
  }

  /** How many changed files wait for the next update of {@code name}. */
  public void pendingChanges(String name, int count) {
    update(name, entry -> entry.pendingChanges = count);
  }

  /**
   * Where {@code name} can be seen: its port-forwards and configured links, replacing those given
   * before.
   */
  public void links(String name, List<ResourceLink> links) {
    List<ResourceLink> copied = List.copyOf(links);
    update(name, entry -> entry.links = copied);
  }

  /** Whether {@code name} is enabled (watched and updated) or was disabled by the user. */
  public void enabled(String name, boolean enabled) {
    update(name, entry -> entry.enabled = enabled);
  }

  /**
   * A console line of {@code name} (empty or null for devd's own). Text with line breaks becomes
   * one line each; a line longer than {@link #MAX_LINE_LENGTH} is cut. The oldest line of the
   * resource goes when it has too many.
   */
  public void logLine(String name, String line) {
    logLines(name, List.of(lines(line == null ? "" : line)));
  }

  /**
   * Console lines of {@code name} that arrived together (a read of a command's output), each
   * without line breaks, as {@link #logLine} each. Of more lines than a resource keeps, the older
   * ones are numbered but never read, so a list that decodes a line when it is read costs nothing
   * for them: that keeps a command printing hundreds of megabytes at its own speed.
   */
  public void logLines(String name, List<String> lines) {
    if (lines.isEmpty()) return;
    String resource = name == null ? "" : name;
    Instant now = clock.instant();
    lock.lock();
    try {
      Entry entry = resources.get(resource);
      LogLine.Source source =
          entry != null && entry.current.isPresent()
              ? LogLine.Source.BUILD
              : LogLine.Source.RUNTIME;
      ArrayDeque<LogLine> ring = rings.computeIfAbsent(resource, key -> new ArrayDeque<>());
      int first = Math.max(0, lines.size() - linesPerResource);
      sequence += first;
      for (int i = first; i < lines.size(); i++) {
        if (ring.size() == linesPerResource) ring.removeFirst();
        ring.addLast(new LogLine(++sequence, resource, now, cut(lines.get(i)), source));
      }
      changed.signalAll();
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
    return text.substring(0, MAX_LINE_LENGTH)
        + " … ("
        + (text.length() - MAX_LINE_LENGTH)
        + " more characters)";
  }

  /** Every registered resource, in the order they were registered. */
  public List<ResourceStatus> snapshot() {
    lock.lock();
    try {
      return resources.values().stream().map(Entry::status).toList();
    } finally {
      lock.unlock();
    }
  }

  public Optional<ResourceStatus> status(String name) {
    lock.lock();
    try {
      return Optional.ofNullable(resources.get(name)).map(Entry::status);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the board knows {@code name}: registered, or it has lines (devd's own are under the
   * empty name).
   */
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

  /**
   * The kept lines of one resource (or of all, in the order printed) whose sequence number is above
   * {@code after}.
   */
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
   * Like {@link #lines}, but when there is no such line yet, waits up to {@code timeout} for one to
   * be logged. Returns an empty page when none came.
   */
  public LogPage awaitLines(Optional<String> resource, long after, Duration timeout)
      throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (!hasLinesAfter(resource, after) && remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
      return lines(resource, after);
    } finally {
      lock.unlock();
    }
  }

  /**
   * What changed after version {@code seen} and line {@code afterLine}: waits up to {@code timeout}
   * until a resource changes or a line of {@code resource} (of any, when empty) is logged. The
   * resources are in the answer only when they changed; pass -1 to get them in any case.
   */
  public Changes awaitChanges(
      long seen, Optional<String> resource, long afterLine, Duration timeout)
      throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (version == seen && !hasLinesAfter(resource, afterLine) && remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
      Optional<List<ResourceStatus>> statuses =
          version == seen ? Optional.empty() : Optional.of(snapshot());
      return new Changes(version, statuses, lines(resource, afterLine));
    } finally {
      lock.unlock();
    }
  }

  private boolean hasLinesAfter(Optional<String> resource, long after) {
    if (resource.isEmpty()) return sequence > after;
    ArrayDeque<LogLine> ring = rings.get(resource.get());
    return ring != null && !ring.isEmpty() && ring.getLast().sequence() > after;
  }

  private void update(String name, Consumer<Entry> change) {
    lock.lock();
    try {
      Entry entry = resources.get(name);
      if (entry == null) return;
      change.accept(entry);
      changed();
    } finally {
      lock.unlock();
    }
  }

  private void changed() {
    version++;
    changed.signalAll();
  }

  // What the board knows of one resource; changed under the lock only, read out as an immutable
  // ResourceStatus.
  private static final class Entry {
    private final String name;
    private String kind = "";
    private String triggerMode = "";
    private List<String> labels = List.of();
    private boolean enabled = true;
    private ResourceState state = ResourceState.PENDING;
    private Optional<CurrentPass> current = Optional.empty();
    private final ArrayDeque<FinishedPass> history = new ArrayDeque<>();
    private Optional<String> deployedRef = Optional.empty();
    private Optional<LiveUpdate> liveUpdate = Optional.empty();
    private List<PodSnapshot> pods = List.of();
    private int pendingChanges;
    private List<ResourceLink> links = List.of();

    private Entry(String name) {
      this.name = name;
    }

    private ResourceStatus status() {
      return new ResourceStatus(
          name,
          kind,
          triggerMode,
          labels,
          enabled,
          state,
          current,
          List.copyOf(history),
          deployedRef,
          liveUpdate,
          pods,
          pendingChanges,
          links);
    }
  }
}
