package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows the logs of every container of a resource's pods, as a {@link PodListener} of the
 * resource's {@link PodObserver}, and hands each line to the resource's {@link
 * ResourceLog#output(String)}. A pod's containers are followed from their first line (or from
 * {@code since}, for pods created before it) until the pod is deleted; a container that restarts is
 * followed again, and a log stream that drops is resumed, without printing a line twice.
 *
 * <p>Each stream asks the API server for timestamps; the last one printed is where a resumed stream
 * picks up ({@code sinceTime}, which the API takes in whole seconds, so the lines of that second
 * that were printed already are skipped). One virtual thread per container, parked while its
 * container is not running.
 */
public final class LogStreamer implements PodListener, AutoCloseable {
  // Between the end of a stream and the next request for the same container. Streams of running
  // containers end only
  // when something drops them, so the first retry comes soon; a server that keeps ending them at
  // once is asked less
  // and less often, up to MAX_RETRY, until a stream brings lines again.
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ResourceLog log;
  private final Instant since;
  private final Map<String, PodLogs> pods = new HashMap<>();
  private final Set<Follower> live = ConcurrentHashMap.newKeySet();
  private boolean closed;

  /**
   * @param since pods created before this show only the lines logged since: the engine passes the
   *     time devd started, so pods that ran before do not replay their history; pods created later
   *     show every line
   */
  public LogStreamer(KubernetesClient client, ResourceLog log, Instant since) {
    this.client = client;
    this.log = log;
    this.since = since;
  }

  @Override
  public synchronized void podChanged(PodSnapshot snapshot, Pod pod) {
    if (closed) return;
    pods.computeIfAbsent(PodStatusReader.key(pod), key -> new PodLogs(pod)).update(pod);
  }

  @Override
  public synchronized void podGone(PodSnapshot last, Pod pod) {
    PodLogs logs = pods.remove(PodStatusReader.key(pod));
    if (logs != null) logs.stop();
  }

  /** Stops every stream; lines arriving after this are dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    pods.values().forEach(PodLogs::stop);
    pods.clear();
  }

  /**
   * How many containers are being followed right now (threads that have not ended), for tests and
   * status.
   */
  int following() {
    return live.size();
  }

  /** The latest state of one pod, shared by the followers of its containers. */
  private final class PodLogs {
    private final String namespace;
    private final String name;
    // Where the first stream of each container starts: `since` for a pod that existed before it,
    // else the beginning.
    // Pod age is judged by the API server's creation time rather than by the log timestamps, which
    // come from the
    // node's clock: a node a few seconds behind devd's machine must not swallow the first lines of
    // a new pod.
    private final Instant floor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Follower> followers = new HashMap<>();
    private Pod latest;
    // Counts updates, so a follower that looked at version n waits for a change after n, not for
    // the next signal.
    private long version;
    private boolean stopped;

    PodLogs(Pod pod) {
      this.namespace = pod.getMetadata().getNamespace();
      this.name = PodStatusReader.name(pod);
      Instant created = creationTime(pod);
      // The API server writes creation times in whole seconds; a pod created in devd's first second
      // counts as new.
      this.floor =
          created != null && created.isBefore(since.truncatedTo(ChronoUnit.SECONDS)) ? since : null;
    }

    void update(Pod pod) {
      lock.lock();
      try {
        if (stopped) return;
        latest = pod;
        version++;
        for (var container : PodStatusReader.containers(pod)) {
          followers.computeIfAbsent(container.getName(), c -> new Follower(this, c).start());
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void stop() {
      lock.lock();
      try {
        stopped = true;
        changed.signalAll();
        followers.values().forEach(Follower::stop);
      } finally {
        lock.unlock();
      }
    }

    /** The version of the pod this follower last looked at. */
    long version() {
      lock.lock();
      try {
        return version;
      } finally {
        lock.unlock();
      }
    }

    /** The container's status in the latest pod, or empty when the pod has none for it yet. */
    Optional<ContainerStatus> status(String container) {
      lock.lock();
      try {
        return PodStatusReader.containerStatus(latest, container);
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits until the pod changed after {@code seen} (a {@link #version()}), it is stopped, or
     * {@code atMost} passed (null: no limit); false once stopped.
     */
    boolean awaitChange(long seen, Duration atMost) throws InterruptedException {
      lock.lock();
      try {
        long left = atMost == null ? Long.MAX_VALUE : atMost.toNanos();
        while (!stopped && version == seen && left > 0) {
          if (atMost == null) {
            changed.await();
          } else {
            left = changed.awaitNanos(left);
          }
        }
        return !stopped;
      } finally {
        lock.unlock();
      }
    }

    boolean stopped() {
      lock.lock();
      try {
        return stopped;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Follows one container of one pod across its restarts. */
  private final class Follower {
    private final PodLogs pod;
    private final String container;
    private volatile Thread thread;
    private volatile CompletableFuture<HttpResponse<InputStream>> request;
    private volatile InputStream body;
    // Where the next stream picks up: the timestamp of the last line printed, and which lines
    // carried exactly it.
    private Instant lastSeen;
    private final Set<String> printedAtLastSeen = new HashSet<>();
    private String streamedInstance;

    Follower(PodLogs pod, String container) {
      this.pod = pod;
      this.container = container;
    }

    Follower start() {
      live.add(this);
      thread = Thread.ofVirtual().name("logs " + pod.name + "/" + container).start(this::run);
      return this;
    }

    void stop() {
      CompletableFuture<HttpResponse<InputStream>> pending = request;
      if (pending != null) pending.cancel(true);
      closeQuietly(body);
      if (thread != null) thread.interrupt();
    }

    private void run() {
      try {
        Duration retry = FIRST_RETRY;
        while (!pod.stopped()) {
          long seen = pod.version();
          Optional<ContainerStatus> status = pod.status(container);
          if (status.isEmpty() || !worthAsking(status.get())) {
            if (!pod.awaitChange(seen, null)) return;
            continue;
          }
          streamedInstance = instance(status.get());
          boolean printed = streamOnce();
          if (pod.stopped()) return;
          retry = printed ? FIRST_RETRY : min(retry.multipliedBy(2), MAX_RETRY);
          // The stream ended: the container stopped, or the connection dropped. Unless the pod
          // changed meanwhile,
          // wait a moment, so its new status can arrive and a server that ends streams at once is
          // not asked in a
          // tight loop.
          if (!pod.awaitChange(seen, retry)) return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        live.remove(this);
      }
    }

    /** Whether asking for this container's log now can bring lines not printed yet. */
    private boolean worthAsking(ContainerStatus status) {
      ContainerState state = status.getState();
      boolean running = state != null && state.getRunning() != null;
      if (streamedInstance == null) return running || hasRun(status);
      // Running: either the stream dropped while it runs on, or a new instance started after a
      // restart.
      // Not running: only an instance not streamed yet (one that started and stopped between two
      // looks) is new.
      return running || (hasRun(status) && !instance(status).equals(streamedInstance));
    }

    /** Returns whether any line was printed. */
    private boolean streamOnce() throws InterruptedException {
      HttpClient http = client.getHttpClient();
      Instant from = lastSeen != null ? lastSeen : pod.floor;
      String url =
          client.getMasterUrl().toString().replaceAll("/+$", "")
              + "/api/v1/namespaces/"
              + encode(pod.namespace)
              + "/pods/"
              + encode(pod.name)
              + "/log?container="
              + encode(container)
              + "&follow=true&timestamps=true"
              + (from == null
                  ? ""
                  : "&sinceTime=" + encode(from.truncatedTo(ChronoUnit.SECONDS).toString()));
      HttpRequest httpRequest = http.newHttpRequestBuilder().uri(url).forStreaming().build();
      boolean printed = false;
      try {
        CompletableFuture<HttpResponse<InputStream>> pending =
            http.sendAsync(httpRequest, InputStream.class);
        request = pending;
        if (pod.stopped()) pending.cancel(true);
        HttpResponse<InputStream> response = pending.get();
        body = response.body();
        // stop() closes the body it finds; one that arrived just after it looked is closed here.
        if (pod.stopped()) return false;
        if (!response.isSuccessful()) {
          // For instance 400 "container web is waiting to start": the next status change says when
          // to ask again.
          log.debug(
              "log of {}/{}: HTTP {} {}",
              pod.name,
              container,
              response.code(),
              firstLine(response.body()));
          return false;
        }
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            printed |= print(line);
          }
        }
      } catch (ExecutionException | IOException | java.util.concurrent.CancellationException e) {
        if (!pod.stopped()) log.debug("log stream of " + pod.name + "/" + container + " ended", e);
      } finally {
        closeQuietly(body);
        body = null;
        request = null;
      }
      return printed;
    }

    /**
     * Prints a line unless it was printed already or is older than wanted; returns whether it
     * printed.
     */
    private boolean print(String raw) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      int space = line.indexOf(' ');
      Instant at = null;
      if (space > 0) {
        try {
          at = Instant.parse(line.substring(0, space));
        } catch (DateTimeParseException e) {
          at = null;
        }
      }
      if (at == null) {
        // The server was asked for timestamps, so this does not happen; show the line rather than
        // lose it.
        log.output(line);
        return true;
      }
      String text = line.substring(space + 1);
      if (pod.floor != null && at.isBefore(pod.floor)) return false;
      if (lastSeen != null) {
        if (at.isBefore(lastSeen)) return false;
        if (at.equals(lastSeen) && !printedAtLastSeen.add(text)) return false;
      }
      if (lastSeen == null || at.isAfter(lastSeen)) {
        lastSeen = at;
        printedAtLastSeen.clear();
        printedAtLastSeen.add(text);
      }
      log.output(text);
      return true;
    }
  }

  private static Instant creationTime(Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    if (created == null || created.isEmpty()) return null;
    try {
      return Instant.parse(created);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The container has run at least once, so the kubelet has a log for it. */
  private static boolean hasRun(ContainerStatus status) {
    ContainerState state = status.getState();
    if (state != null && (state.getRunning() != null || state.getTerminated() != null)) return true;
    return status.getLastState() != null && status.getLastState().getTerminated() != null;
  }

  /**
   * Which run of the container the status is about: its container id, or its restart count where
   * none is set.
   */
  private static String instance(ContainerStatus status) {
    ContainerState state = status.getState();
    String id = status.getContainerID();
    if (state != null
        && state.getWaiting() != null
        && status.getLastState() != null
        && status.getLastState().getTerminated() != null) {
      id = status.getLastState().getTerminated().getContainerID();
    }
    return id == null || id.isEmpty() ? "restart " + PodStatusReader.restarts(status) : id;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String firstLine(InputStream body) {
    if (body == null) return "";
    try (body) {
      String text = new String(body.readNBytes(500), StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline);
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) return;
    try {
      in.close();
    } catch (IOException e) {
      // Closing is how a stream is stopped; an error here changes nothing.
    }
  }
}
