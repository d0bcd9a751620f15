package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.ForwardedPort;
import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forwards a resource's {@code portForwards} from local ports to a ready pod of the resource, while
 * devd runs. devd listens on each local port itself and opens one fabric8 port-forward stream per
 * connection to the pod that is ready at that moment, so a pod replaced by a new deployment is
 * picked up by the next connection and the local port never closes in between. Learns which pods
 * are ready as a {@link PodListener} of the resource's {@link PodObserver}.
 */
public final class PortForwarder implements PodListener, AutoCloseable {
  // How long a connection made while no pod is ready waits for one, e.g. a browser reloading during
  // a deploy.
  static final Duration WAIT_FOR_POD = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String resource;
  private final String namespace;
  private final List<ForwardedPort> ports;
  private final ResourceLog log;
  private final List<ServerSocketChannel> listening = new ArrayList<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  // Ready pods by name; guarded by lock, and `readyChanged` wakes connections waiting for one.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readyChanged = lock.newCondition();
  private final Map<String, Instant> readyPods = new HashMap<>();
  private String target;
  private final AtomicBoolean saidNoPod = new AtomicBoolean();
  private volatile boolean closed;

  public PortForwarder(
      KubernetesClient client,
      String resource,
      String namespace,
      List<ForwardedPort> ports,
      ResourceLog log) {
    this.client = client;
    this.resource = resource;
    this.namespace = namespace;
    this.ports = List.copyOf(ports);
    this.log = log;
  }

  /**
   * Listens on every local port and says so ({@code forwarding http://127.0.0.1:8000 → web:80}). A
   * port that cannot be had is an error line naming it and what to do; the other ports are
   * forwarded anyway.
   *
   * @return the problems as printed, empty when every port is forwarded
   */
  public synchronized List<String> start() {
    List<String> problems = new ArrayList<>();
    for (ForwardedPort port : ports) {
      if (closed) break;
      try {
        ServerSocketChannel server = bind(port);
        listening.add(server);
        Thread.ofVirtual()
            .name("port-forward " + port.localPort())
            .start(() -> accept(port, server));
        log.info("forwarding {} → {}:{}", port.localUrl(), resource, port.containerPort());
      } catch (IOException | UnresolvedAddressException e) {
        String problem = bindProblem(port, e);
        problems.add(problem);
        log.error(problem);
        log.debug("binding " + port.host() + ":" + port.localPort() + " failed", e);
      }
    }
    return List.copyOf(problems);
  }

  /** The pod new connections go to, if one is ready. */
  public Optional<String> target() {
    lock.lock();
    try {
      return Optional.ofNullable(chooseTarget());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void podChanged(PodSnapshot snapshot, Pod pod) {
    lock.lock();
    try {
      if (snapshot.ready() && !PodStatusReader.terminating(pod)) {
        readyPods.put(snapshot.name(), created(pod));
      } else {
        readyPods.remove(snapshot.name());
      }
      retarget();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void podGone(PodSnapshot last, Pod pod) {
    lock.lock();
    try {
      readyPods.remove(last.name());
      retarget();
    } finally {
      lock.unlock();
    }
  }

  /** Stops listening and ends every forwarded connection. */
  @Override
  public synchronized void close() {
    closed = true;
    for (ServerSocketChannel server : listening) closeQuietly(server);
    for (Connection connection : connections) connection.close();
    connections.clear();
    lock.lock();
    try {
      readyChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many forwarded connections are open, for tests and status. */
  int openConnections() {
    connections.removeIf(c -> !c.socket.isOpen());
    return connections.size();
  }

  private ServerSocketChannel bind(ForwardedPort port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(port.host(), port.localPort());
    if (address.isUnresolved()) throw new UnresolvedAddressException();
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      return server.bind(address);
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      throw e;
    }
  }

  private String bindProblem(ForwardedPort port, Exception e) {
    String what =
        "cannot forward "
            + port.host()
            + ":"
            + port.localPort()
            + " → "
            + resource
            + ":"
            + port.containerPort()
            + ": ";
    String fix = "change the local port in devd.yaml under resources." + resource + ".portForwards";
    if (e instanceof UnresolvedAddressException) {
      return what + "host \"" + port.host() + "\" is unknown; use 127.0.0.1, or " + fix;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof BindException && message.contains("in use")) {
      return what
          + "port "
          + port.localPort()
          + " on "
          + port.host()
          + " is already in use; stop the program using it"
          + " (`lsof -i :"
          + port.localPort()
          + "` names it), or "
          + fix;
    }
    if (e instanceof BindException && message.contains("ermission") && port.localPort() < 1024) {
      return what + "ports below 1024 need administrator rights; " + fix + " to 1024 or above";
    }
    return what + message + "; " + fix;
  }

  private void accept(ForwardedPort port, ServerSocketChannel server) {
    while (!closed) {
      SocketChannel socket;
      try {
        socket = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed)
          log.error("port {} stopped accepting connections: {}", port.localPort(), e.getMessage());
        log.debug("accept failed", e);
        return;
      }
      Thread.ofVirtual()
          .name("port-forward " + port.localPort() + " connection")
          .start(() -> forward(port, socket));
    }
  }

  private void forward(ForwardedPort port, SocketChannel socket) {
    String pod;
    try {
      pod = awaitTarget(WAIT_FOR_POD);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(socket);
      return;
    }
    if (pod == null || closed) {
      if (!closed && saidNoPod.compareAndSet(false, true)) {
        log.warn(
            "port {}: no ready pod of {} after {}s; the connection was closed",
            port.localPort(),
            resource,
            WAIT_FOR_POD.toSeconds());
      }
      closeQuietly(socket);
      return;
    }
    Connection connection = new Connection(socket);
    connections.removeIf(c -> !c.socket.isOpen());
    connections.add(connection);
    try {
      // fabric8 closes the socket when the stream to the pod ends; the socket's end of input ends
      // the stream (below).
      PortForward handle =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .portForward(port.containerPort(), connection.input(), socket);
      connection.attach(handle);
      log.debug("connection to port {} forwarded to pod {}", port.localPort(), pod);
    } catch (RuntimeException e) {
      log.debug("forwarding to pod " + pod + " failed", e);
      connection.close();
    }
    if (closed) connection.close();
  }

  /**
   * The pod to forward to, waiting up to {@code atMost} for one to be ready; null if none became
   * ready.
   */
  private String awaitTarget(Duration atMost) throws InterruptedException {
    long left = atMost.toNanos();
    lock.lock();
    try {
      String chosen = chooseTarget();
      while (chosen == null && left > 0 && !closed) {
        left = readyChanged.awaitNanos(left);
        chosen = chooseTarget();
      }
      return chosen;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps the current target while it is ready (connections stay on one pod), else picks the newest
   * ready pod.
   */
  private String chooseTarget() {
    if (target != null && readyPods.containsKey(target)) return target;
    return readyPods.entrySet().stream()
        .max(
            Map.Entry.<String, Instant>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private void retarget() {
    String chosen = chooseTarget();
    if (chosen != null && !chosen.equals(target)) {
      log.debug("port forwards of {} now reach pod {}", resource, chosen);
      saidNoPod.set(false);
    }
    target = chosen;
    readyChanged.signalAll();
  }

  private static Instant created(Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    try {
      return created == null ? Instant.EPOCH : Instant.parse(created);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Nothing is left to do with a channel that fails to close.
    }
  }

  /** One local connection and the stream that carries it to the pod. */
  private static final class Connection {
    private final SocketChannel socket;
    private final AtomicReference<PortForward> handle = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    Connection(SocketChannel socket) {
      this.socket = socket;
    }

    /**
     * The socket as fabric8 reads it. When the local side is done (end of input), the stream to the
     * pod is closed: fabric8 stops reading then but keeps the stream open until the pod's side
     * closes it, which for a keep-alive server is never. The websocket protocol has no half-close,
     * so a client that shuts down only its output loses the rest of the answer; browsers and curl
     * do not do that.
     */
    ReadableByteChannel input() {
      return new ReadableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int read = socket.read(dst);
          if (read < 0) end();
          return read;
        }

        @Override
        public boolean isOpen() {
          return socket.isOpen();
        }

        @Override
        public void close() throws IOException {
          socket.close();
        }
      };
    }

    void attach(PortForward forward) {
      handle.set(forward);
      if (ended.get()) closeQuietly(forward);
    }

    private void end() {
      ended.set(true);
      PortForward forward = handle.get();
      if (forward != null) closeQuietly(forward);
    }

    void close() {
      end();
      closeQuietly(socket);
    }
  }
}
