package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ForwardedPort;
import dev.devd.runtime.ObjectRef;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.Kubelet;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PortForwarder fed by a real PodObserver, through fabric8's real port-forward client, against
 * fabric8's mock API server. The pod end is the test's: the mock has no kubelet, so {@link
 * ScriptedCluster} answers {@code pods/NAME/portforward} with a WebSocket that speaks the kubelet's
 * channel protocol and echoes each chunk as {@code POD:PORT got DATA}. So the local port, the
 * choice of pod, and the bytes both ways are real; whether a process in a real pod receives them
 * (and SPDY-only servers) is not covered here.
 */
class PortForwarderIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> WEB = Map.of("devd.dev/resource", "web");

  private ScriptedCluster cluster;
  private Kubelet kubelet;
  private ConsoleCapture console;
  private PodObserver observer;
  private PortForwarder forwarder;

  @BeforeEach
  void startCluster() {
    cluster = new ScriptedCluster();
    kubelet = new Kubelet(cluster.client(), "dev");
    console = new ConsoleCapture();
  }

  @AfterEach
  void stopCluster() {
    if (forwarder != null) forwarder.close();
    if (observer != null) observer.close();
    console.close();
    cluster.close();
  }

  @Test
  void forwardsALocalPortToTheReadyPod() throws IOException {
    int port = freePort();
    List<String> problems = forward(port + ":80");
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", true);

    await().atMost(WAIT).until(() -> forwarder.target().equals(Optional.of("web-1")));

    assertThat(problems).isEmpty();
    assertThat(console.lines()).contains("[web] forwarding http://127.0.0.1:" + port + " → web:80");
    assertThat(exchange(port, "hello")).isEqualTo("web-1:80 got hello");
    assertThat(cluster.forwardedTo()).containsExactly("web-1:80");
  }

  @Test
  void theNextConnectionReachesThePodThatReplacedTheOldOne() throws IOException {
    int port = freePort();
    forward(String.valueOf(port));
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> forwarder.target().equals(Optional.of("web-1")));
    assertThat(exchange(port, "before")).isEqualTo("web-1:" + port + " got before");

    kubelet.create("web-2", WEB, "web");
    kubelet.running("web-2", true);
    kubelet.delete("web-1");

    await().atMost(WAIT).until(() -> forwarder.target().equals(Optional.of("web-2")));
    assertThat(exchange(port, "after")).isEqualTo("web-2:" + port + " got after");
  }

  @Test
  void aConnectionMadeBeforeAnyPodIsReadyWaitsForOne() throws IOException {
    int port = freePort();
    forward(port + ":8080");
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", false);
    await()
        .atMost(WAIT)
        .until(() -> observer.pods().stream().anyMatch(p -> p.phase().equals("Running")));

    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write("early".getBytes(StandardCharsets.UTF_8));
      assertThat(forwarder.target()).isEmpty();
      kubelet.running("web-1", true);
      assertThat(read(socket.getInputStream(), "web-1:8080 got early".length()))
          .isEqualTo("web-1:8080 got early");
    }
  }

  @Test
  void closingTheLocalConnectionEndsTheStreamToThePod() throws IOException {
    int port = freePort();
    forward(port + ":80");
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> forwarder.target().isPresent());

    assertThat(exchange(port, "one request")).isEqualTo("web-1:80 got one request");

    // fabric8 on its own leaves the stream open after the local side closes; PortForwarder closes
    // it.
    await()
        .atMost(WAIT)
        .until(() -> cluster.openForwardStreams() == 0 && forwarder.openConnections() == 0);
  }

  @Test
  void aLocalPortInUseIsAnErrorNamingThePortAndWhatToDo() throws IOException {
    int taken;
    int free = freePort();
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      taken = other.getLocalPort();

      List<String> problems = forward(taken + ":80", free + ":81");

      String expected =
          "cannot forward 127.0.0.1:"
              + taken
              + " → web:80: port "
              + taken
              + " on 127.0.0.1 is already in"
              + " use; stop the program using it (`lsof -i :"
              + taken
              + "` names it), or change the local port in"
              + " devd.yaml under resources.web.portForwards";
      assertThat(problems).containsExactly(expected);
      assertThat(console.lines())
          .contains("[web] " + expected, "[web] forwarding http://127.0.0.1:" + free + " → web:81");
    }
  }

  @Test
  void afterCloseTheLocalPortIsFree() throws IOException {
    int port = freePort();
    forward(port + ":80");

    forwarder.close();

    // The listening socket closes as its accepting thread wakes up, a moment after close() returns.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () -> new Socket(InetAddress.getByName("127.0.0.1"), port).close())
                    .isInstanceOf(ConnectException.class));
    try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  private List<String> forward(String... forwards) {
    observer =
        new PodObserver(
            cluster.client(),
            new AppliedResources(
                "web", "dev", List.of(new ObjectRef("apps/v1", "Deployment", "dev", "web")), WEB),
            new ResourceLog("web"));
    forwarder =
        new PortForwarder(
            cluster.client(),
            "web",
            "dev",
            List.of(forwards).stream().map(ForwardedPort::parse).toList(),
            new ResourceLog("web"));
    observer.addListener(forwarder);
    int opened = cluster.watchesOpened();
    observer.start();
    // The mock forgets changes made between the first list and the watch, so tests change pods once
    // it watches.
    await().atMost(WAIT).until(() -> observer.isWatching() && cluster.watchesOpened() > opened);
    return forwarder.start();
  }

  /** Sends {@code text} through a new connection to the local port and reads the pod's answer. */
  private static String exchange(int port, String text) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      // The answer is "POD:PORT got TEXT"; read up to " got TEXT".
      return readUntil(socket.getInputStream(), " got " + text);
    }
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder received = new StringBuilder();
    while (!received.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) break;
      received.append((char) b);
    }
    return received.toString();
  }

  private static String read(InputStream in, int length) throws IOException {
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
