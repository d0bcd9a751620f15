package dev.devd.k8s;

import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.PodSnapshot;
import dev.devd.console.ResourceLog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the pods of one applied resource (its namespace and pod labels) with one fabric8 informer: one list, then
 * one watch that fabric8 re-opens when it drops, and no polling. Each change becomes a {@link PodSnapshot} for the
 * {@link PodListener}s, and a line on the terminal when what a person would read about the pod changes
 * ({@code pod web-7d9f-abc: Running, ready}).
 *
 * <p>One observer per resource for as long as its pod labels stay the same; when a re-apply changes them, close this
 * one and start another.
 */
public final class PodObserver implements AutoCloseable {
  private final KubernetesClient client;
  private final AppliedResources applied;
  private final ResourceLog log;
  private final Clock clock;
  private final List<PodListener> listeners = new CopyOnWriteArrayList<>();
  // Latest object and snapshot per pod key (uid); written only on the informer's thread.
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private final Map<String, PodSnapshot> snapshots = new ConcurrentHashMap<>();
  // The last line printed per pod key, so a change the user would not notice prints nothing.
  private final Map<String, String> shown = new ConcurrentHashMap<>();
  private final AtomicBoolean watchFailing = new AtomicBoolean();
  // Held while telling listeners, so a listener added late gets the replay and the live changes in order.
  private final Object events = new Object();
  private volatile SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  public PodObserver(KubernetesClient client, AppliedResources applied, ResourceLog log) {
    this(client, applied, log, Clock.systemUTC());
  }

  public PodObserver(KubernetesClient client, AppliedResources applied, ResourceLog log, Clock clock) {
    if (applied.podLabels().isEmpty()) {
      // Without labels the watch would see every pod of the namespace and call them all this resource's.
      throw new IllegalArgumentException("resource " + applied.resource() + " has no pod labels to find its pods by");
    }
    this.client = client;
    this.applied = applied;
    this.log = log;
    this.clock = clock;
  }

  /**
   * Adds a listener. One added after {@link #start()} is told about the pods seen so far at once, so it can start
   * late without missing any.
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

  /** Starts the list and watch in the background and returns at once; problems reaching the cluster are retried. */
  public synchronized void start() {
    if (informer != null) throw new IllegalStateException("PodObserver for " + applied.resource() + " already started");
    if (closed) throw new IllegalStateException("PodObserver for " + applied.resource() + " is closed");
    SharedIndexInformer<Pod> podInformer = client.pods().inNamespace(applied.namespace())
        .withLabels(applied.podLabels()).runnableInformer(0);
    podInformer.addEventHandler(new Handler());
    podInformer.exceptionHandler((started, error) -> {
      // Keep trying for as long as devd runs (fabric8 waits between attempts); say so once per run of failures.
      if (!closed && watchFailing.compareAndSet(false, true)) {
        log.warn("cannot watch the pods of {} in namespace {}: {}; devd keeps trying", applied.resource(),
            applied.namespace(), innermostMessage(error));
      }
      log.debug("watching pods failed", error);
      return !closed;
    });
    informer = podInformer;
    podInformer.start();
  }

  /** Whether the watch is open right now (false before the first list, and while fabric8 re-opens a dropped one). */
  public boolean isWatching() {
    SharedIndexInformer<Pod> current = informer;
    return current != null && current.isWatching();
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
  public synchronized void close() {
    synchronized (events) {
      closed = true;
    }
    if (informer != null) informer.close();
  }

  private void changed(Pod pod) {
    synchronized (events) {
      if (!closed) record(pod);
    }
  }

  private void record(Pod pod) {
    watchFailing.set(false);
    String key = PodStatusReader.key(pod);
    PodSnapshot snapshot = PodStatusReader.snapshot(applied.resource(), pod, clock.instant());
    for (PodListener listener : listeners) tell(listener, l -> l.podChanged(snapshot, pod));
    // Published after the listeners heard of it, so whoever sees it in pods() knows they did.
    pods.put(key, pod);
    snapshots.put(key, snapshot);
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
      // The restart count is left out of the comparison so each back-off does not print the same news again.
      line = "container " + trouble.get().container() + " is crash-looping";
      if (!line.equals(shown.put(key, line))) {
        log.warn("pod {}: {}; its last lines are above", PodStatusReader.name(pod), PodStatusReader.describe(trouble.get()));
      }
      return;
    }
    if (trouble.isPresent()) {
      line = PodStatusReader.describe(trouble.get());
      if (!line.equals(shown.put(key, line))) log.warn("pod {}: {}", PodStatusReader.name(pod), line);
      return;
    }
    line = PodStatusReader.summary(pod);
    if (!line.equals(shown.put(key, line))) log.info("pod {}: {}", PodStatusReader.name(pod), line);
  }

  /** fabric8 wraps the cause (connection refused, 403...) in layers that each add a class name; the cause reads best. */
  static String innermostMessage(Throwable error) {
    String message = error.getMessage();
    for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) message = cause.getMessage();
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }

  private void tell(PodListener listener, java.util.function.Consumer<PodListener> call) {
    try {
      call.accept(listener);
    } catch (RuntimeException e) {
      // A broken listener must not stop the watch that the others depend on; it is a bug in devd, so log it.
      log.debug("a pod listener of " + applied.resource() + " failed", e);
    }
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      changed(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      changed(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      gone(pod);
    }
  }
}
