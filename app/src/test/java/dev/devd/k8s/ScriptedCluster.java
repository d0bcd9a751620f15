package dev.devd.k8s;

import dev.devd.testing.Kubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 (plain HTTP), started per test, with the
 * parts of a node that the mock lacks played by the test through this class:
 *
 * <ul>
 *   <li>watches are the mock's own, and {@link #dropWatches()} closes them from the server side as
 *       a flaky network would; {@link #restart()} stops the server and starts a new one on the same
 *       port with an empty store, as an API server that lost its state (the mock keeps no store
 *       across a restart, and ignores the resourceVersion a watch resumes from, so nothing tells a
 *       client what changed but a new list), and holds new watches back until {@link
 *       #releaseWatches()}, so a test can change the store before anyone watches it again;
 *   <li>{@code pods/NAME/log} serves the lines a test wrote with {@link #appendLog} (the mock on
 *       its own answers every unknown path, logs included, with a list of all stored objects). Like
 *       the kubelet, it serves the current run of the container only ({@link #restartLog} starts a
 *       new one), from {@code sinceTime} (whole seconds), each line prefixed by its timestamp.
 *       Unlike the kubelet it cannot keep a response open and add lines to it: every answer ends
 *       after the lines there are, as a follow does when the connection drops. {@link #holdLog}
 *       makes further requests wait without an answer instead;
 *   <li>{@code pods/NAME/portforward} upgrades to a WebSocket speaking the kubelet's port-forward
 *       channel protocol (v4.channel.k8s.io: a port frame on the data and the error channel, then
 *       data frames prefixed by channel 0) and answers each data frame with {@code POD:PORT got
 *       DATA}, standing in for a server in the pod.
 * </ul>
 *
 * Pods never run here: their status is whatever the test writes (see {@link Kubelet}).
 */
final class ScriptedCluster implements AutoCloseable {
  private static final Pattern LOG =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log\\?(.*)");
  private static final Pattern PORT_FORWARD =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward\\?ports=(\\d+)");
  // Long enough to outlast any test; the server's shutdown ends it.
  private static final Duration HELD_OPEN = Duration.ofMinutes(10);

  private volatile KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private volatile KubernetesMockServer server;
  private volatile boolean watchesHeld;
  private final KubernetesClient client;
  private final Set<WebSocket> watches = ConcurrentHashMap.newKeySet();
  private final AtomicInteger watchesOpened = new AtomicInteger();
  private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
  private final List<String> logRequests = new CopyOnWriteArrayList<>();
  private final Set<WebSocket> forwardStreams = ConcurrentHashMap.newKeySet();
  private final List<String> forwardedTo = new CopyOnWriteArrayList<>();

  ScriptedCluster() {
    server = serve(0);
    client = server.createClient();
  }

  private KubernetesMockServer serve(int port) {
    KubernetesMockServer started =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ScriptingDispatcher(), false);
    try {
      started.init(InetAddress.getByName("127.0.0.1"), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return started;
  }

  /**
   * Stops the server and starts a new one on the same port with an empty store; watch requests fail
   * (HTTP 500) until {@link #releaseWatches()}, while lists and writes work.
   */
  void restart() {
    int port = server.getPort();
    watchesHeld = true;
    server.destroy();
    watches.clear();
    crud = new KubernetesCrudDispatcher();
    server = serve(port);
  }

  /** Lets watch requests through again after {@link #restart()}. */
  void releaseWatches() {
    watchesHeld = false;
  }

  KubernetesClient client() {
    return client;
  }

  /** Closes every open watch from the server's side. */
  void dropWatches() {
    for (WebSocket watch : watches) watch.close(1000, "dropped by the test");
  }

  int openWatches() {
    return watches.size();
  }

  /** How many watches were opened since the server started. */
  int watchesOpened() {
    return watchesOpened.get();
  }

  /**
   * Adds a line to the container's current run, stamped {@code at} (the kubelet stamps with the
   * node's clock).
   */
  void appendLog(String pod, String container, Instant at, String text) {
    log(pod, container).current().add(at.toString() + " " + text);
  }

  /**
   * The container restarted: later requests see the new run's lines only, as the kubelet serves
   * them.
   */
  void restartLog(String pod, String container) {
    log(pod, container).runs.add(new CopyOnWriteArrayList<>());
  }

  /**
   * Later log requests for the container get no answer until the server stops (a follow with
   * nothing to say).
   */
  void holdLog(String pod, String container) {
    log(pod, container).held = true;
  }

  private ContainerLog log(String pod, String container) {
    return logs.computeIfAbsent(pod + "/" + container, k -> new ContainerLog());
  }

  /** The query of each log request so far, prefixed by {@code pod/container }. */
  List<String> logRequests() {
    return List.copyOf(logRequests);
  }

  /** Port-forward streams the kubelet stand-in has open now. */
  int openForwardStreams() {
    return forwardStreams.size();
  }

  /** {@code pod:port} of every port-forward stream opened so far. */
  List<String> forwardedTo() {
    return List.copyOf(forwardedTo);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private final class ScriptingDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      Matcher log = LOG.matcher(path);
      if (log.matches()) return log(log.group(2), log.group(3));
      Matcher forward = PORT_FORWARD.matcher(path);
      if (forward.matches())
        return portForward(forward.group(2), Integer.parseInt(forward.group(3)));
      if (watchesHeld && path.contains("watch=true")) {
        return new MockResponse()
            .setResponseCode(500)
            .setBody(
                "{\"kind\":\"Status\",\"code\":500,"
                    + "\"message\":\"the test holds watches back\"}");
      }
      MockResponse response = crud.dispatch(request);
      WebSocketListener watch = response.getWebSocketListener();
      if (watch != null) response.withWebSocketUpgrade(new DroppableWatch(watch));
      return response;
    }

    private MockResponse log(String pod, String query) {
      Map<String, String> params = new HashMap<>();
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0)
          params.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      String container = params.getOrDefault("container", "");
      logRequests.add(pod + "/" + container + " " + query);
      ContainerLog log = logs.get(pod + "/" + container);
      if (log == null) return new MockResponse().setResponseCode(200).setBody("");
      if (log.held)
        return new MockResponse().setResponseCode(200).setBody("").setBodyDelay(HELD_OPEN);
      Instant since =
          params.containsKey("sinceTime") ? Instant.parse(params.get("sinceTime")) : Instant.MIN;
      StringBuilder body = new StringBuilder();
      for (String line : log.current()) {
        if (!Instant.parse(line.substring(0, line.indexOf(' '))).isBefore(since))
          body.append(line).append('\n');
      }
      return new MockResponse().setResponseCode(200).setBody(body.toString());
    }

    private MockResponse portForward(String pod, int port) {
      forwardedTo.add(pod + ":" + port);
      return new MockResponse()
          .withWebSocketUpgrade(
              new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket, Response response) {
                  forwardStreams.add(socket);
                  byte[] portBytes = {(byte) (port & 0xff), (byte) (port >> 8)};
                  socket.send(new byte[] {0, portBytes[0], portBytes[1]});
                  socket.send(new byte[] {1, portBytes[0], portBytes[1]});
                }

                @Override
                public void onMessage(WebSocket socket, byte[] frame) {
                  if (frame.length < 2 || frame[0] != 0) return;
                  String data = new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8);
                  byte[] answer =
                      (pod + ":" + port + " got " + data).getBytes(StandardCharsets.UTF_8);
                  byte[] out = new byte[answer.length + 1];
                  System.arraycopy(answer, 0, out, 1, answer.length);
                  socket.send(out);
                }

                @Override
                public void onClosing(WebSocket socket, int code, String reason) {
                  forwardStreams.remove(socket);
                }

                @Override
                public void onClosed(WebSocket socket, int code, String reason) {
                  forwardStreams.remove(socket);
                }

                @Override
                public void onFailure(WebSocket socket, Throwable error, Response response) {
                  forwardStreams.remove(socket);
                }
              });
    }
  }

  /** The runs of one container, each a list of timestamped lines. */
  private static final class ContainerLog {
    final List<List<String>> runs =
        new CopyOnWriteArrayList<>(List.of(new CopyOnWriteArrayList<>()));
    volatile boolean held;

    List<String> current() {
      return runs.getLast();
    }
  }

  /**
   * The mock's watch, remembered while open so that a test can drop it, and sending on its own
   * thread. The mock's watch sends each event on a thread of its own and waits for the write to
   * finish, while its close callback, on the server's event loop, waits for that thread: an event
   * sent as the client closes the watch ties up the server for 30 seconds (the write's timeout).
   * Handing the write to another thread breaks that cycle.
   */
  private final class DroppableWatch extends WebSocketListener {
    private final WebSocketListener watch;
    private final ExecutorService sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "mock watch sender");
              thread.setDaemon(true);
              return thread;
            });
    private volatile WebSocket socket;

    DroppableWatch(WebSocketListener watch) {
      this.watch = watch;
    }

    @Override
    public void onOpen(WebSocket opened, Response response) {
      socket = new AsyncSending(opened);
      watches.add(opened);
      watchesOpened.incrementAndGet();
      watch.onOpen(socket, response);
    }

    @Override
    public void onMessage(WebSocket opened, String text) {
      watch.onMessage(socket, text);
    }

    @Override
    public void onClosing(WebSocket opened, int code, String reason) {
      watches.remove(opened);
      watch.onClosing(socket, code, reason);
    }

    @Override
    public void onClosed(WebSocket opened, int code, String reason) {
      watches.remove(opened);
      sender.shutdown();
      watch.onClosed(socket, code, reason);
    }

    @Override
    public void onFailure(WebSocket opened, Throwable error, Response response) {
      watches.remove(opened);
      sender.shutdown();
      watch.onFailure(socket, error, response);
    }

    private final class AsyncSending implements WebSocket {
      private final WebSocket socket;

      AsyncSending(WebSocket socket) {
        this.socket = socket;
      }

      @Override
      public RecordedRequest request() {
        return socket.request();
      }

      @Override
      public boolean send(String text) {
        try {
          sender.execute(() -> socket.send(text));
        } catch (RejectedExecutionException e) {
          // The watch closed; an event for it has no one to go to.
        }
        return true;
      }

      @Override
      public boolean send(byte[] bytes) {
        try {
          sender.execute(() -> socket.send(bytes));
        } catch (RejectedExecutionException e) {
          // The watch closed; an event for it has no one to go to.
        }
        return true;
      }

      @Override
      public boolean close(int code, String reason) {
        return socket.close(code, reason);
      }
    }
  }
}
