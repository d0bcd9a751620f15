package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import dev.devd.runtime.PodSnapshot;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.Kubelet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PodObserver against fabric8's mock API server (CRUD mode). The mock runs no pods: the test writes
 * each pod and the status a kubelet would report ({@link Kubelet}), so "Running, ready" here is
 * what the test wrote, and the observer is checked for what it makes of it, not for what a node
 * would do.
 */
class PodObserverIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> WEB = Map.of("devd.dev/resource", "web");

  private ScriptedCluster cluster;
  private Kubelet kubelet;
  private ConsoleCapture console;
  private final List<PodObserver> observers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startCluster() {
    cluster = new ScriptedCluster();
    kubelet = new Kubelet(cluster.client(), "dev");
    console = new ConsoleCapture();
  }

  @AfterEach
  void stopCluster() {
    observers.forEach(PodObserver::close);
    console.close();
    cluster.close();
  }

  @Test
  void publishesSnapshotsOfTheResourcesPodsOnly() {
    Recorder recorder = new Recorder();
    PodObserver observer = watching(recorder);

    kubelet.create("api-1", Map.of("devd.dev/resource", "api"), "api");
    kubelet.create("web-1", WEB, "web", "sidecar");
    kubelet.running("web-1", true);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(observer.pods())
                    .singleElement()
                    .satisfies(
                        pod -> {
                          assertThat(pod.resource()).isEqualTo("web");
                          assertThat(pod.namespace()).isEqualTo("dev");
                          assertThat(pod.name()).isEqualTo("web-1");
                          assertThat(pod.phase()).isEqualTo("Running");
                          assertThat(pod.ready()).isTrue();
                          assertThat(pod.restarts()).isZero();
                          assertThat(pod.crashLooping()).isFalse();
                          assertThat(pod.containers()).containsExactly("web", "sidecar");
                          assertThat(pod.images()).containsExactly("web:1", "sidecar:1");
                        }));
    // api-1 was created before web-1, so had it been seen it would have been seen first.
    assertThat(recorder.names()).doesNotContain("api-1").contains("web-1");
  }

  @Test
  void saysWhenAPodChangesInWaysAPersonNotices() {
    watching(new Recorder());

    kubelet.create("web-1", WEB, "web");
    kubelet.pending("web-1");
    kubelet.running("web-1", false);
    kubelet.running("web-1", true);

    await().atMost(WAIT).until(() -> console.lines().contains("[web] pod web-1: Running, ready"));
    assertThat(console.lines())
        .containsSubsequence(
            "[web] pod web-1: Pending",
            "[web] pod web-1: Pending (container web: ContainerCreating)",
            "[web] pod web-1: Running, not ready",
            "[web] pod web-1: Running, ready");
  }

  @Test
  void saysOnceThatAContainerIsCrashLooping() {
    Recorder recorder = new Recorder();
    PodObserver observer = watching(recorder);
    kubelet.create("web-1", WEB, "web");

    kubelet.crashLooping("web-1", "web", 5);
    kubelet.crashLooping("web-1", "web", 6);
    kubelet.restarted("web-1", "web");

    await()
        .atMost(WAIT)
        .until(() -> console.lines().contains("[web] pod web-1: Running, ready (7 restarts)"));
    assertThat(console.lines())
        .containsOnlyOnce(
            "[web] pod web-1: container web is crash-looping (5 restarts); its last lines are above");
    assertThat(console.text()).doesNotContain("6 restarts");
    assertThat(recorder.snapshots())
        .anySatisfy(
            pod -> {
              assertThat(pod.crashLooping()).isTrue();
              assertThat(pod.restarts()).isEqualTo(6);
              assertThat(pod.ready()).isFalse();
            });
    assertThat(observer.pods())
        .singleElement()
        .satisfies(pod -> assertThat(pod.crashLooping()).isFalse());
  }

  @Test
  void saysWhenAnImageCannotBePulled() {
    watching(new Recorder());
    kubelet.create("web-1", WEB, "web");

    kubelet.imagePullBackOff("web-1", "web");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(console.lines())
                    .contains(
                        "[web] pod web-1: cannot pull image \"web:1\" for container web (ImagePullBackOff: Back-off pulling image \"web:1\")"));
  }

  @Test
  void tellsListenersWhenAPodIsGone() {
    Recorder recorder = new Recorder();
    PodObserver observer = watching(recorder);
    kubelet.create("web-1", WEB, "web");
    await().atMost(WAIT).until(() -> recorder.names().contains("web-1"));

    kubelet.delete("web-1");

    await().atMost(WAIT).until(() -> recorder.gone().contains("web-1"));
    assertThat(observer.pods()).isEmpty();
    assertThat(console.lines()).contains("[web] pod web-1: deleted");
  }

  @Test
  void watchesAgainAfterTheWatchDrops() {
    Recorder recorder = new Recorder();
    watching(recorder);
    int opened = cluster.watchesOpened();

    cluster.dropWatches();
    // The mock does not replay what changed while no watch was open (a real API server does, from
    // the last
    // resourceVersion), so the change comes after the new watch is open: the test is about
    // re-watching.
    await()
        .atMost(WAIT)
        .until(() -> cluster.watchesOpened() > opened && cluster.openWatches() == 1);
    kubelet.create("web-1", WEB, "web");

    await().atMost(WAIT).until(() -> recorder.names().contains("web-1"));
  }

  @Test
  void listsThePodsAgainWhenTheApiServerComesBackSoNothingStaysStale() {
    Recorder recorder = new Recorder();
    PodObserver observer = watching(recorder);
    kubelet.create("web-1", WEB, "web");
    await().atMost(WAIT).until(() -> recorder.names().contains("web-1"));

    // The API server restarts without its pods: web-1 is gone, and web-2 appears before anyone
    // watches again.
    cluster.restart();
    kubelet.create("web-2", WEB, "web");
    kubelet.running("web-2", true);
    cluster.releaseWatches();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(observer.pods()).extracting(PodSnapshot::name).containsExactly("web-2"));
    assertThat(recorder.gone()).containsExactly("web-1");
    assertThat(console.lines())
        .contains("[web] pod web-1: deleted", "[web] pod web-2: Running, ready");
  }

  @Test
  void saysWhichContainerRestartedAndHow() {
    watching(new Recorder());
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> console.lines().contains("[web] pod web-1: Running, ready"));

    kubelet.restarted("web-1", "web");

    await()
        .atMost(WAIT)
        .until(() -> console.lines().contains("[web] pod web-1: Running, ready (1 restart)"));
    assertThat(console.lines())
        .contains(
            "[web] pod web-1: container web exited with 1 (Error) and the kubelet started it again (1 restart)");
  }

  @Test
  void listenerAddedLateHearsOfThePodsSeenSoFar() {
    Recorder first = new Recorder();
    PodObserver observer = watching(first);
    kubelet.create("web-1", WEB, "web");
    await().atMost(WAIT).until(() -> first.names().contains("web-1"));

    Recorder late = new Recorder();
    observer.addListener(late);

    assertThat(late.names()).containsExactly("web-1");
  }

  @Test
  void hearsNothingAfterClose() {
    Recorder closedOne = new Recorder();
    PodObserver observer = watching(closedOne);
    kubelet.create("web-1", WEB, "web");
    await().atMost(WAIT).until(() -> closedOne.names().contains("web-1"));
    int heard = closedOne.snapshots().size();

    observer.close();
    kubelet.running("web-1", true);
    Recorder open = new Recorder();
    watching(open);
    kubelet.create("web-2", WEB, "web");

    // The second observer saw web-2, created after web-1 changed; the closed one heard of neither.
    await().atMost(WAIT).until(() -> open.names().contains("web-2"));
    assertThat(closedOne.snapshots()).hasSize(heard);
    assertThat(observer.isWatching()).isFalse();
  }

  @Test
  void saysOnceThatThePodsCannotBeWatchedAndKeepsTrying() throws IOException {
    // No API server: a socket that takes each connection and hangs up at once, counting the
    // attempts.
    try (ServerSocket refusing = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        KubernetesClient nowhere =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + refusing.getLocalPort())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build()) {
      AtomicInteger attempts = new AtomicInteger();
      Thread.ofVirtual()
          .start(
              () -> {
                while (!refusing.isClosed()) {
                  try (Socket ignored = refusing.accept()) {
                    attempts.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      PodObserver observer =
          new PodObserver(
              nowhere, new AppliedResources("web", "dev", List.of(), WEB), new ResourceLog("web"));
      observers.add(observer);

      observer.start();

      await().atMost(WAIT).until(() -> attempts.get() >= 3);
      assertThat(console.lines())
          .filteredOn(
              line -> line.startsWith("[web] cannot watch the pods of web in namespace dev: "))
          .singleElement()
          .satisfies(line -> assertThat(line).endsWith("; devd keeps trying"));
    }
  }

  private PodObserver watching(Recorder recorder) {
    PodObserver observer =
        new PodObserver(
            cluster.client(),
            new AppliedResources(
                "web", "dev", List.of(new ObjectRef("apps/v1", "Deployment", "dev", "web")), WEB),
            new ResourceLog("web"));
    observer.addListener(recorder);
    observers.add(observer);
    int opened = cluster.watchesOpened();
    observer.start();
    // The mock forgets changes made between the first list and the watch, so tests change pods once
    // it watches.
    await().atMost(WAIT).until(() -> observer.isWatching() && cluster.watchesOpened() > opened);
    return observer;
  }

  /** A listener that keeps what it is told. */
  private static final class Recorder implements PodListener {
    private final List<PodSnapshot> snapshots = new CopyOnWriteArrayList<>();
    private final List<String> gone = new CopyOnWriteArrayList<>();

    @Override
    public void podChanged(PodSnapshot snapshot, Pod pod) {
      snapshots.add(snapshot);
    }

    @Override
    public void podGone(PodSnapshot last, Pod pod) {
      gone.add(last.name());
    }

    List<PodSnapshot> snapshots() {
      return List.copyOf(snapshots);
    }

    List<String> names() {
      return snapshots.stream().map(PodSnapshot::name).distinct().toList();
    }

    List<String> gone() {
      return List.copyOf(gone);
    }
  }
}
