package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.Kubelet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LogStreamer fed by a real PodObserver, against fabric8's mock API server. What is scripted, and
 * why: the mock has no kubelet, so nothing runs and nothing logs, and on its own it answers {@code
 * pods/NAME/log} with a list of every stored object. The log endpoint here is the test's ({@link
 * ScriptedCluster}): it serves the lines the test wrote, current run only, filtered by {@code
 * sinceTime} in whole seconds as the API server does. It cannot keep a response open while adding
 * lines to it, so every response ends after the lines there are, which is what a dropped follow
 * looks like: each test therefore also checks resuming without repeats. Not covered without a real
 * cluster: lines arriving one by one on one open follow, and what a real kubelet serves after a
 * restart.
 */
class LogStreamerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> WEB = Map.of("devd.dev/resource", "web");

  private ScriptedCluster cluster;
  private Kubelet kubelet;
  private ConsoleCapture console;
  private PodObserver observer;
  private LogStreamer streamer;
  // Log lines are stamped from here, two tenths of a second into a whole second, so that several
  // share one second.
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(200);

  @BeforeEach
  void startCluster() {
    cluster = new ScriptedCluster();
    kubelet = new Kubelet(cluster.client(), "dev");
    console = new ConsoleCapture();
  }

  @AfterEach
  void stopCluster() {
    if (streamer != null) streamer.close();
    if (observer != null) observer.close();
    console.close();
    cluster.close();
  }

  @Test
  void printsEachLineOfANewPodOnceAcrossResumedStreams() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web");
    cluster.appendLog("web-1", "web", t0, "starting");
    cluster.appendLog("web-1", "web", t0.plusMillis(300), "listening on :80");

    kubelet.running("web-1", true);

    // Every answer ends at once, so LogStreamer asks again; by the third request it resumed twice.
    await().atMost(WAIT).until(() -> requests("web-1/web").size() >= 3);
    assertThat(console.lines()).containsOnlyOnce("[web] starting", "[web] listening on :80");
    assertThat(requests("web-1/web").getFirst())
        .contains("timestamps=true")
        .doesNotContain("sinceTime");
    // Resumed from the second of the last line printed; the API takes whole seconds, so that second
    // comes again.
    assertThat(requests("web-1/web").get(1))
        .contains("sinceTime=" + t0.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "%3A"));
  }

  @Test
  void followsTheNewRunOfARestartedContainer() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web");
    cluster.appendLog("web-1", "web", t0, "first run");
    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> console.lines().contains("[web] first run"));

    cluster.restartLog("web-1", "web");
    cluster.appendLog("web-1", "web", t0.plusSeconds(2), "second run");
    kubelet.restarted("web-1", "web");

    await().atMost(WAIT).until(() -> console.lines().contains("[web] second run"));
    int asked = requests("web-1/web").size();
    await().atMost(WAIT).until(() -> requests("web-1/web").size() > asked);
    assertThat(console.lines()).containsOnlyOnce("[web] first run", "[web] second run");
  }

  @Test
  void afterTheApiServerComesBackFollowsThePodsItHasAndNoLongerThoseItLost() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web");
    cluster.holdLog("web-1", "web");
    kubelet.running("web-1", true);
    await()
        .atMost(WAIT)
        .until(() -> streamer.following() == 1 && requests("web-1/web").size() == 1);

    // The API server restarts without web-1; web-2 appears before anyone watches again.
    cluster.restart();
    kubelet.create("web-2", WEB, "web");
    cluster.appendLog("web-2", "web", t0.plusSeconds(1), "made while devd could not watch");
    kubelet.running("web-2", true);
    cluster.releaseWatches();

    await()
        .atMost(WAIT)
        .until(() -> console.lines().contains("[web] made while devd could not watch"));
    await().atMost(WAIT).until(() -> streamer.following() == 1);
  }

  @Test
  void followsEveryContainerAndPodsThatAppearLater() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web", "sidecar");
    cluster.appendLog("web-1", "web", t0, "web says hi");
    cluster.appendLog("web-1", "sidecar", t0, "sidecar says hi");
    kubelet.running("web-1", true);
    await()
        .atMost(WAIT)
        .until(
            () ->
                console.lines().containsAll(List.of("[web] web says hi", "[web] sidecar says hi")));

    kubelet.create("web-2", WEB, "web");
    cluster.appendLog("web-2", "web", t0.plusSeconds(1), "the new pod says hi");
    kubelet.running("web-2", true);

    await().atMost(WAIT).until(() -> console.lines().contains("[web] the new pod says hi"));
  }

  @Test
  void showsAPodCreatedBeforeSinceFromSinceOnly() {
    kubelet.create("web-1", WEB, "web");
    kubelet.running("web-1", true);
    // The mock stamps the pod's creation with the current second; "since" lies after it, as devd's
    // start time lies
    // after a pod left running from an earlier session.
    Instant since = Instant.now().plusSeconds(3);
    cluster.appendLog("web-1", "web", since.minusSeconds(2), "from an earlier session");
    cluster.appendLog("web-1", "web", since.plusMillis(10), "after devd started");

    follow(since);

    await().atMost(WAIT).until(() -> console.lines().contains("[web] after devd started"));
    assertThat(console.text()).doesNotContain("from an earlier session");
    assertThat(requests("web-1/web").getFirst())
        .contains(
            "sinceTime=" + since.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "%3A"));
  }

  @Test
  void asksForNoLogBeforeTheContainerStarted() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web");
    kubelet.pending("web-1");
    cluster.appendLog("web-1", "web", t0, "web-1 runs");
    kubelet.create("web-2", WEB, "web");
    cluster.appendLog("web-2", "web", t0, "web-2 runs");
    kubelet.running("web-2", true);

    // web-2 changed after web-1, so by the time its line shows, web-1's state was known: waiting,
    // not asked.
    await().atMost(WAIT).until(() -> console.lines().contains("[web] web-2 runs"));
    assertThat(requests("web-1/web")).isEmpty();

    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> console.lines().contains("[web] web-1 runs"));
  }

  @Test
  void stopsFollowingWhenThePodIsDeleted() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web");
    cluster.holdLog("web-1", "web");
    kubelet.running("web-1", true);
    await().atMost(WAIT).until(() -> !requests("web-1/web").isEmpty() && streamer.following() == 1);

    kubelet.delete("web-1");

    await().atMost(WAIT).until(() -> streamer.following() == 0);
  }

  @Test
  void closeStopsEveryStream() {
    follow(Instant.now());
    kubelet.create("web-1", WEB, "web", "sidecar");
    cluster.holdLog("web-1", "web");
    cluster.holdLog("web-1", "sidecar");
    kubelet.running("web-1", true);
    await()
        .atMost(WAIT)
        .until(() -> requests("web-1/web").size() == 1 && requests("web-1/sidecar").size() == 1);

    streamer.close();

    await().atMost(WAIT).until(() -> streamer.following() == 0);
  }

  private void follow(Instant since) {
    observer =
        new PodObserver(
            cluster.client(),
            new AppliedResources(
                "web", "dev", List.of(new ObjectRef("apps/v1", "Deployment", "dev", "web")), WEB),
            new ResourceLog("web"));
    streamer = new LogStreamer(cluster.client(), new ResourceLog("web"), since);
    observer.addListener(streamer);
    int opened = cluster.watchesOpened();
    observer.start();
    // The mock forgets changes made between the first list and the watch, so tests change pods once
    // it watches.
    await().atMost(WAIT).until(() -> observer.isWatching() && cluster.watchesOpened() > opened);
  }

  private List<String> requests(String podAndContainer) {
    return cluster.logRequests().stream().filter(r -> r.startsWith(podAndContainer + " ")).toList();
  }
}
