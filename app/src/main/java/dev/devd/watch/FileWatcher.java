package dev.devd.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * One operating-system watcher over every path devd watches (directory-watcher on the JDK's WatchService: inotify on
 * Linux). It registers the folders of a {@link WatchPlan}, follows folders created, deleted and created again, and
 * reports each changed path. When the OS drops events (inotify queue overflow) it says so, registers everything
 * again and reports every path modified since the watcher was last caught up, so nothing is lost.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);
  // Several thousand OVERFLOW events can arrive at once (the JDK signals one per registered folder); wait this long
  // after the first so that one rescan covers them all.
  private static final Duration OVERFLOW_SETTLE = Duration.ofMillis(50);
  // File times and our clock may disagree by a little; rescan a bit further back than strictly needed.
  private static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

  /** Receives changes on the watcher's thread; must return quickly. */
  public interface Listener {
    void changed(FileChange change);

    /** The OS dropped events; {@code changed} calls for everything that may have changed follow. */
    default void eventsLost() {}
  }

  private final WatchPlan plan;
  private final Listener listener;
  private final Clock clock;
  private final AtomicBoolean rescanPending = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private volatile DirectoryWatcher watcher;
  private volatile Instant caughtUpAt;
  private volatile int registeredFolders;
  private ScheduledExecutorService rescans;
  private boolean closed;

  private FileWatcher(WatchPlan plan, Listener listener, Clock clock) {
    this.plan = plan;
    this.listener = listener;
    this.clock = clock;
  }

  /** Registers every planned folder (this call returns once the OS reports changes) and starts reporting. */
  public static FileWatcher start(WatchPlan plan, Listener listener) throws IOException {
    FileWatcher fileWatcher = new FileWatcher(plan, listener, Clock.systemUTC());
    fileWatcher.caughtUpAt = fileWatcher.clock.instant();
    fileWatcher.watcher = fileWatcher.register();
    return fileWatcher;
  }

  /** How many folders the last full registration covered (folders created later are registered too, not counted). */
  public int registeredFolders() {
    return registeredFolders;
  }

  private DirectoryWatcher register() throws IOException {
    List<Path> roots = new ArrayList<>(plan.outermostTrees());
    roots.addAll(plan.flatFolders());
    roots.removeIf(root -> !root.toFile().isDirectory());
    PlannedTreeVisitor visitor = new PlannedTreeVisitor(plan);
    DirectoryWatcher newWatcher = DirectoryWatcher.builder()
        .paths(roots)
        // Hashing reads every file at start (seconds on a big tree) only to drop duplicate events; devd's debounce
        // already merges duplicates, so it is off.
        .fileHashing(false)
        .fileTreeVisitor(visitor)
        .listener(new EventListener())
        .logger(LoggerFactory.getLogger(DirectoryWatcher.class))
        .build();
    visitor.startupReplay(true);
    CompletableFuture<Void> running;
    try {
      running = newWatcher.watchAsync(task -> Thread.ofPlatform().daemon().name("devd-watcher").start(task));
    } finally {
      visitor.startupReplay(false);
    }
    if (running.isCompletedExceptionally()) {
      try {
        running.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
        throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
      }
    }
    running.exceptionally(error -> {
      log.debug("the file watcher stopped", error);
      return null;
    });
    registeredFolders = visitor.startupFolders();
    log.debug("watching {} folders under {}", registeredFolders, roots);
    return newWatcher;
  }

  private final class EventListener implements DirectoryChangeListener {
    @Override
    public void onEvent(DirectoryChangeEvent event) {
      if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
        overflowed();
      } else if (event.path() != null) {
        listener.changed(new FileChange(event.path(), clock.instant()));
      }
    }

    @Override
    public void onIdle(int count) {
      if (!rescanPending.get()) caughtUpAt = clock.instant();
    }

    @Override
    public void onException(Exception e) {
      log.debug("file watcher event failed", e);
      // directory-watcher 0.19.1 never delivers OVERFLOW: it looks the event's null path up in a
      // ConcurrentSkipListMap (DirectoryWatcher.onEvent: pathHashes.get(childPath)), which throws this
      // NullPointerException instead. Seeing it means the OS dropped events.
      if (e instanceof NullPointerException) overflowed();
    }
  }

  private void overflowed() {
    if (!rescanPending.compareAndSet(false, true)) return;
    synchronized (lifecycle) {
      if (closed) return;
      if (rescans == null) {
        rescans = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().daemon().name("devd-rescan").unstarted(task));
      }
      rescans.schedule(this::rescan, OVERFLOW_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void rescan() {
    Instant since = caughtUpAt.minus(CLOCK_SLACK);
    log.warn("the operating system dropped file events (inotify queue overflow); rescanning what changed since {}", since);
    listener.eventsLost();
    try {
      synchronized (lifecycle) {
        if (closed) return;
        DirectoryWatcher old = watcher;
        rescanPending.set(false);
        watcher = register();
        old.close();
      }
      new ModifiedSinceScanner(plan).scan(since, path -> listener.changed(new FileChange(path, clock.instant())));
    } catch (IOException e) {
      log.error("could not watch again after an overflow: {}; restart devd", e.getMessage());
      log.debug("rescan failed", e);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (lifecycle) {
      closed = true;
      if (rescans != null) rescans.shutdownNow();
      watcher.close();
    }
  }
}
