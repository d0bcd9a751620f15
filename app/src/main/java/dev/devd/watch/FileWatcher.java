package dev.devd.watch;

import dev.devd.console.ResourceLog;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system watcher over every path devd watches (directory-watcher on the JDK's
 * WatchService: inotify on Linux). It registers the folders of a {@link WatchPlan}, follows folders
 * created, deleted and created again, and reports each changed path. The folders are shared out
 * between a few directory-watchers that register them at the same time ({@link WatchSplit}), which
 * makes a big tree ready several times sooner. When the OS drops events (inotify queue overflow) it
 * says so on the terminal, registers everything again and reports every path modified since the
 * watcher was last caught up, so nothing is lost.
 *
 * <p>A registered folder that disappears was deleted or moved away. A moved folder keeps its OS
 * watch (the JDK's WatchKey stays valid on the moved folder, as {@link
 * java.nio.file.WatchKey#watchable()} warns, and directory-watcher 0.19.1 offers no way to cancel
 * one), which would report its new content under its old path. So events for paths whose folder is
 * gone are dropped, and everything is registered again, on new watchers, which drops the old watch.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);
  private static final ResourceLog terminal = ResourceLog.devd();
  // Several thousand OVERFLOW events can arrive at once (the JDK signals one per registered
  // folder), and deleting a
  // tree reports each of its folders; wait this long after the first so that one registration
  // covers them all.
  private static final Duration SETTLE = Duration.ofMillis(50);
  // A moved folder's watch is dropped (by registering everything again) once no event came for this
  // long: a folder
  // created between a new watcher's listing of its parent and that parent's registration would be
  // missed, and
  // folders are mostly created in bursts, right after others were deleted (rm -rf build, then a
  // build).
  private static final Duration QUIET = Duration.ofSeconds(1);
  // File times and our clock may disagree by a little; rescan a bit further back than strictly
  // needed.
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);
  // Four registering at once were the fastest of 1 to 16 on a 2-core machine (the work is mostly
  // waiting for the
  // JDK's poller threads); each costs an inotify instance and two threads that sleep until an event
  // comes.
  private static final int WATCHERS = 4;

  /** Receives changes on the watcher's thread; must return quickly. */
  public interface Listener {
    void changed(FileChange change);

    /** The OS dropped events; {@code changed} calls for everything that may have changed follow. */
    default void eventsLost() {}
  }

  private final WatchPlan plan;
  private final Listener listener;
  private final Clock clock;
  private final AtomicBoolean registrationPending = new AtomicBoolean();
  private final AtomicBoolean eventsLost = new AtomicBoolean();
  private volatile Instant lastEvent;
  private final Object lifecycle = new Object();
  private volatile List<Shard> shards;
  private volatile int registeredFolders;
  private ScheduledExecutorService rescans;
  private boolean closed;

  private FileWatcher(WatchPlan plan, Listener listener, Clock clock) {
    this.plan = plan;
    this.listener = listener;
    this.clock = clock;
    this.lastEvent = clock.instant();
  }

  /**
   * Registers every planned folder (this call returns once the OS reports changes) and starts
   * reporting.
   */
  public static FileWatcher start(WatchPlan plan, Listener listener) throws IOException {
    FileWatcher fileWatcher = new FileWatcher(plan, listener, Clock.systemUTC());
    fileWatcher.shards = fileWatcher.register();
    return fileWatcher;
  }

  /**
   * How many folders the last full registration covered (folders created later are registered too,
   * not counted).
   */
  public int registeredFolders() {
    return registeredFolders;
  }

  /**
   * One directory-watcher, its share of the folders, and when it last had nothing left to report.
   */
  private final class Shard {
    private final PlannedTreeVisitor visitor;
    private final List<Path> roots;
    private volatile DirectoryWatcher watcher;
    private volatile Instant caughtUpAt;

    Shard(PlannedTreeVisitor visitor, List<Path> roots, Instant registeringSince) {
      this.visitor = visitor;
      this.roots = roots;
      this.caughtUpAt = registeringSince;
    }

    void register() throws IOException {
      DirectoryWatcher newWatcher =
          DirectoryWatcher.builder()
              .paths(roots)
              // Hashing reads every file at start (seconds on a big tree) only to drop duplicate
              // events; devd's debounce
              // already merges duplicates, so it is off.
              .fileHashing(false)
              .fileTreeVisitor(visitor)
              .listener(new EventListener(this))
              .logger(LoggerFactory.getLogger(DirectoryWatcher.class))
              .build();
      visitor.startupReplay(true);
      CompletableFuture<Void> running;
      try {
        running =
            newWatcher.watchAsync(
                task -> Thread.ofPlatform().daemon().name("devd-watcher").start(task));
      } finally {
        visitor.startupReplay(false);
      }
      if (running.isCompletedExceptionally()) {
        try {
          running.join();
        } catch (CompletionException e) {
          Throwable cause =
              e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
          throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
      }
      running.exceptionally(
          error -> {
            log.debug("the file watcher stopped", error);
            return null;
          });
      watcher = newWatcher;
    }

    void close() throws IOException {
      if (watcher != null) watcher.close();
    }
  }

  // Every planned folder registered by WATCHERS directory-watchers at once; returns when all of
  // them report changes.
  private List<Shard> register() throws IOException {
    Instant registeringSince = clock.instant();
    WatchSplit split = WatchSplit.of(plan, WATCHERS);
    List<Shard> started = new ArrayList<>();
    for (int i = 0; i < split.subtrees().size(); i++) {
      List<Path> roots = new ArrayList<>(split.subtrees().get(i));
      if (i == 0) {
        roots.addAll(split.topFolders());
        roots.addAll(plan.flatRoots());
      }
      roots.removeIf(root -> !root.toFile().isDirectory());
      started.add(
          new Shard(new PlannedTreeVisitor(plan, split.topFolders()), roots, registeringSince));
    }
    List<Thread> registering = new ArrayList<>();
    List<IOException> failures = Collections.synchronizedList(new ArrayList<>());
    for (Shard shard : started) {
      registering.add(
          Thread.ofPlatform()
              .daemon()
              .name("devd-watch-register")
              .start(
                  () -> {
                    try {
                      shard.register();
                    } catch (IOException | RuntimeException e) {
                      failures.add(
                          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
                    }
                  }));
    }
    // Every registration is waited for, even when interrupted, so that closing them below leaves
    // none behind.
    boolean interrupted = false;
    for (Thread thread : registering) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      failures.add(new InterruptedIOException("interrupted while registering folders"));
    }
    if (!failures.isEmpty()) {
      for (Shard shard : started) shard.close();
      throw failures.getFirst();
    }
    registeredFolders = started.stream().mapToInt(shard -> shard.visitor.startupFolders()).sum();
    log.debug("watching {} folders with {} watchers", registeredFolders, started.size());
    return List.copyOf(started);
  }

  private final class EventListener implements DirectoryChangeListener {
    private final Shard shard;

    EventListener(Shard shard) {
      this.shard = shard;
    }

    @Override
    public void onEvent(DirectoryChangeEvent event) {
      lastEvent = clock.instant();
      Path path = event.path();
      if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
        registerAgain(true);
      } else if (path != null && isFolderGone(path.getParent())) {
        log.debug(
            "dropped an event for {}: its folder is gone (moved away, or deleted meanwhile)", path);
      } else if (path != null) {
        if (event.eventType() == DirectoryChangeEvent.EventType.DELETE
            && wasRegistered(path)
            && isFolderGone(path)) {
          registerAgain(false);
        }
        listener.changed(new FileChange(path, clock.instant()));
      }
    }

    @Override
    public void onIdle(int count) {
      if (!eventsLost.get()) shard.caughtUpAt = clock.instant();
    }

    @Override
    public void onException(Exception e) {
      log.debug("file watcher event failed", e);
      // directory-watcher 0.19.1 never delivers OVERFLOW: it looks the event's null path up in a
      // ConcurrentSkipListMap (DirectoryWatcher.onEvent: pathHashes.get(childPath)), which throws
      // this
      // NullPointerException instead. Seeing it means the OS dropped events.
      if (e instanceof NullPointerException) registerAgain(true);
    }
  }

  private boolean wasRegistered(Path folder) {
    List<Shard> current = shards; // null while the first registration runs
    if (current == null) return false;
    for (Shard shard : current) {
      if (shard.visitor.registered(folder)) return true;
    }
    return false;
  }

  private static boolean isFolderGone(Path folder) {
    return folder != null && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Registers every planned folder again, on new watchers: soon after lost events (then also
   * rescanning what changed), else once the watchers have been quiet for a while.
   */
  private void registerAgain(boolean afterLostEvents) {
    if (afterLostEvents) eventsLost.set(true);
    boolean first = registrationPending.compareAndSet(false, true);
    if (first || afterLostEvents) schedule(afterLostEvents ? SETTLE : QUIET);
  }

  private void schedule(Duration delay) {
    synchronized (lifecycle) {
      if (closed) return;
      if (rescans == null) {
        rescans =
            Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("devd-rescan").unstarted(task));
      }
      rescans.schedule(this::reregister, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  // The old watchers keep reporting until the new ones are registered, so nothing falls between
  // them.
  private void reregister() {
    if (!registrationPending.get()) return; // an earlier run did it
    if (!eventsLost.get()) {
      Duration quietFor = Duration.between(lastEvent, clock.instant());
      if (quietFor.compareTo(QUIET) < 0) {
        schedule(QUIET.minus(quietFor));
        return;
      }
    }
    // The watcher that fell behind is not known: rescan from the oldest moment any of them was
    // caught up.
    Instant since =
        shards.stream()
            .map(shard -> shard.caughtUpAt)
            .min(Instant::compareTo)
            .orElseThrow()
            .minus(CLOCK_SLACK);
    boolean lost;
    try {
      synchronized (lifecycle) {
        if (closed) return;
        registrationPending.set(false);
        // Read after the flag is cleared: lost events reported from now on schedule a registration
        // of their own.
        lost = eventsLost.getAndSet(false);
        if (lost) {
          terminal.warn(
              "the operating system dropped file events (inotify queue overflow); devd watches every "
                  + "folder again and reports what changed since {}",
              shown(since));
          listener.eventsLost();
        }
        List<Shard> old = shards;
        shards = register();
        for (Shard shard : old) shard.close();
      }
      if (lost) {
        new ModifiedSinceScanner(plan)
            .scan(since, path -> listener.changed(new FileChange(path, clock.instant())));
      }
    } catch (IOException e) {
      terminal.error("could not watch the deps again: {}; restart devd", e.getMessage());
      log.debug("registering again failed", e);
    }
  }

  private static LocalTime shown(Instant instant) {
    return LocalTime.ofInstant(instant, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    synchronized (lifecycle) {
      closed = true;
      if (rescans != null) rescans.shutdownNow();
      for (Shard shard : shards) shard.close();
    }
  }
}
