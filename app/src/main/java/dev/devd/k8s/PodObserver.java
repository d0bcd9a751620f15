package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the pods of one applied resource (its namespace and pod labels): one list, then one watch
 * from the list's resourceVersion, and no polling. Each change becomes a {@link PodSnapshot} for
 * the {@link PodListener}s, and a line on the terminal when what a person would read about the pod
 * changes ({@code pod web-7d9f-abc: Running, ready}).
 *
 * <p>When the watch ends for any reason (a dropped connection, an API server that restarted), the
 * pods are listed again before the next watch starts, and the listeners hear of every pod that
 * changed or went away meanwhile. fabric8's own reconnect resumes from the last resourceVersion
 * without a list, which leaves pods stale after an API server lost or rewound its state; so the
 * watch here is told not to reconnect by itself.
 *
 * <p>One observer per resource for as long as its pod labels stay the same; when a re-apply changes
 * them, close this one and start another.
 */
public final class PodObserver implements AutoCloseable {
  // Between the end of a watch and the next list. A watch that ends soon after it opened, or a list
  // that fails, makes
  // the next wait twice as long, up to MAX_RETRY, so an API server that is down is not asked in a
  // tight loop.
  static final Duration FIRST_RETRY = Duration.ofMillis(250);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);
  // A watch open this long was healthy: the next wait starts from FIRST_RETRY again.
  private static final Duration HEALTHY_WATCH = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final AppliedResources applied;
  private final ResourceLog log;
  private final Clock clock;
  private final List<PodListener> listeners = new CopyOnWriteArrayList<>();
  // Latest object and snapshot per pod key (uid); written only while holding `events`.
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final Map<String, PodSnapshot> snapshots = new ConcurrentHashMap<>();
  // The last line printed per pod key, so a change the user would not notice prints nothing.
  private final Map<String, String> shown = new ConcurrentHashMap<>();
  private final AtomicBoolean watchFailing = new AtomicBoolean();
  // Held while telling listeners, so a listener added late gets the replay and the live changes in
  // order.
  private final Object events = new Object();
  private volatile Thread thread;
  private volatile Watch watch;
  private volatile boolean watching;
  private volatile boolean closed;

  public PodObserver(KubernetesClient client, AppliedResources applied, ResourceLog log) {
    this(client, applied, log, Clock.systemUTC());
  }

  public PodObserver(
      KubernetesClient client, AppliedResources applied, ResourceLog log, Clock clock) {
    if (applied.podLabels().isEmpty()) {
      // Without labels the watch would see every pod of the namespace and call them all this
      // resource's.
      throw new IllegalArgumentException(
          "resource " + applied.resource() + " has no pod labels to find its pods by");
    }
    // A client whose watches end instead of resuming on their own, so that every new watch follows
    // a fresh list.
    this.client =
        client
            .newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                    .withWatchReconnectLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
    this.applied = applied;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Adds a listener. One added after {@link #start()} is told about the pods seen so far at once,
   * so it can start late without missing any.
   */
  public void addListener(PodListener listener) {
    synchronized (events) {
      listeners.add(listener);
      for (Pod pod : pods.values()) {
        PodSnapshot snapshot = snapshots.get(PodStatusReader.key(pod));
        if (snapshot != null) tell(listener, l -> l.podChanged(snapshot, pod));
      }
    }
  }

  /**
   * Starts listing and watching in the background and returns at once; problems reaching the
   * cluster are retried.
   */
  public synchronized void start() {
    if (thread != null)
      throw new IllegalStateException("PodObserver for " + applied.resource() + " already started");
    if (closed)
      throw new IllegalStateException("PodObserver for " + applied.resource() + " is closed");
    thread = Thread.ofVirtual().name("pods of " + applied.resource()).start(this::listAndWatch);
  }

  /**
   * Whether the watch is open right now (false before the first list, and between a watch's end and
   * the next list).
   */
  public boolean isWatching() {
    return watching && !closed;
  }

  /** The resource's pods as last seen, by name. */
  public List<PodSnapshot> pods() {
    return snapshots.values().stream().sorted(Comparator.comparing(PodSnapshot::name)).toList();
  }

  /** The resource this observer watches. */
  public AppliedResources applied() {
    return applied;
  }

  /** Stops the watch; listeners hear nothing more. */
  @Override
  public void close() {
    synchronized (events) {
      closed = true;
    }
    Thread running = thread;
    if (running != null) running.interrupt();
    Watch open = watch;
    if (open != null) open.close();
  }

  // The observer's thread: list, watch until the watch ends, wait, and again, until closed.
  private void listAndWatch() {
    Duration wait = FIRST_RETRY;
    while (!closed) {
      long opened = System.nanoTime();
      boolean failed = false;
      try {
        String version = relist();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Watch open =
            client
                .pods()
                .inNamespace(applied.namespace())
                .withLabels(applied.podLabels())
                .watch(
                    new ListOptionsBuilder().withResourceVersion(version).build(),
                    new PodWatcher(ended));
        watch = open;
        if (closed) open.close();
        watching = true;
        if (watchFailing.compareAndSet(true, false))
          log.info("watching the pods of {} again", applied.resource());
        ended.get();
        log.debug("the watch of the pods of " + applied.resource() + " ended; listing them again");
      } catch (InterruptedException e) {
        return; // closed
      } catch (ExecutionException | RuntimeException e) {
        failed = true;
        if (!closed && watchFailing.compareAndSet(false, true)) {
          // Keep trying for as long as devd runs; say so once per run of failures.
          log.warn(
              "cannot watch the pods of {} in namespace {}: {}; devd keeps trying",
              applied.resource(),
              applied.namespace(),
              innermostMessage(e));
        }
        log.debug("watching pods failed", e);
      } finally {
        watching = false;
        watch = null;
      }
      if (closed) return;
      boolean healthy =
          !failed && Duration.ofNanos(System.nanoTime() - opened).compareTo(HEALTHY_WATCH) >= 0;
      wait = healthy ? FIRST_RETRY : min(wait.multipliedBy(2), MAX_RETRY);
      try {
        Thread.sleep(wait); // the back-off between attempts; close() interrupts it
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Lists the resource's pods and tells the listeners of each that is new or changed and of each
   * known one that is gone; returns the list's resourceVersion, where the next watch starts.
   */
  private String relist() {
    PodList list =
        client.pods().inNamespace(applied.namespace()).withLabels(applied.podLabels()).list();
    synchronized (events) {
      if (closed) return "";
      Map<String, Pod> listed = new LinkedHashMap<>();
      for (Pod pod : list.getItems()) listed.put(PodStatusReader.key(pod), pod);
      for (Pod known : List.copyOf(pods.values())) {
        if (!listed.containsKey(PodStatusReader.key(known))) forget(known);
      }
      for (Pod pod : listed.values()) {
        Pod known = pods.get(PodStatusReader.key(pod));
        boolean same =
            known != null
                && Objects.equals(
                    known.getMetadata().getResourceVersion(),
                    pod.getMetadata().getResourceVersion());
        if (!same) record(pod);
      }
    }
    return list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
  }

  private void changed(Pod pod) {
    synchronized (events) {
      if (!closed) record(pod);
    }
  }

  private void record(Pod pod) {
    String key = PodStatusReader.key(pod);
    PodSnapshot snapshot = PodStatusReader.snapshot(applied.resource(), pod, clock.instant());
    for (PodListener listener : listeners) tell(listener, l -> l.podChanged(snapshot, pod));
    // Published after the listeners heard of it, so whoever sees it in pods() knows they did.
    Pod previous = pods.put(key, pod);
    snapshots.put(key, snapshot);
    if (previous != null)
      PodStatusReader.restartedContainers(previous, pod)
          .forEach(line -> log.warn("pod {}: {}", PodStatusReader.name(pod), line));
    say(key, pod);
  }

  private void gone(Pod pod) {
    synchronized (events) {
      if (!closed) forget(pod);
    }
  }

  private void forget(Pod pod) {
    String key = PodStatusReader.key(pod);
    pods.remove(key);
    PodSnapshot last = snapshots.remove(key);
    if (last == null) last = PodStatusReader.snapshot(applied.resource(), pod, clock.instant());
    PodSnapshot lastSeen = last;
    for (PodListener listener : listeners) tell(listener, l -> l.podGone(lastSeen, pod));
    shown.remove(key);
    log.info("pod {}: deleted", PodStatusReader.name(pod));
  }

  /** Prints the pod's state when it reads differently from the last line printed for it. */
  private void say(String key, Pod pod) {
    Optional<PodStatusReader.Trouble> trouble = PodStatusReader.trouble(pod);
    String line;
    if (trouble.isPresent() && trouble.get().kind() == PodStatusReader.Trouble.Kind.CRASH_LOOP) {
      // The restart count is left out of the comparison so each back-off does not print the same
      // news again.
      line = "container " + trouble.get().container() + " is crash-looping";
      if (!line.equals(shown.put(key, line))) {
        log.warn(
            "pod {}: {}; its last lines are above",
            PodStatusReader.name(pod),
            PodStatusReader.describe(trouble.get()));
      }
      return;
    }
    if (trouble.isPresent()) {
      line = PodStatusReader.describe(trouble.get());
      if (!line.equals(shown.put(key, line)))
        log.warn("pod {}: {}", PodStatusReader.name(pod), line);
      return;
    }
    line = PodStatusReader.summary(pod);
    if (!line.equals(shown.put(key, line))) log.info("pod {}: {}", PodStatusReader.name(pod), line);
  }

  /**
   * fabric8 wraps the cause (connection refused, 403...) in layers that each add a class name; the
   * cause reads best.
   */
  static String innermostMessage(Throwable error) {
    String message = error.getMessage();
    for (Throwable cause = error.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) message = cause.getMessage();
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }

  private void tell(PodListener listener, java.util.function.Consumer<PodListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      // A broken listener must not stop the watch that the others depend on; it is a bug in devd,
      // so log it.
      log.debug("a pod listener of " + applied.resource() + " failed", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The watch's events, in order on fabric8's thread for it; its end completes {@code ended}. */
  private final class PodWatcher implements Watcher<Pod> {
    private final CompletableFuture<Void> ended;

    PodWatcher(CompletableFuture<Void> ended) {
      this.ended = ended;
    }

    @Override
    public void eventReceived(Action action, Pod pod) {
      switch (action) {
        case ADDED, MODIFIED -> changed(pod);
        case DELETED -> gone(pod);
        default -> {} // BOOKMARK and ERROR carry no pod of ours; an ERROR ends the watch, and the
          // list follows
      }
    }

    @Override
    public boolean reconnecting() {
      return false;
    }

    @Override
    public void onClose(WatcherException cause) {
      ended.complete(null);
    }

    @Override
    public void onClose() {
      ended.complete(null);
    }
  }
}
