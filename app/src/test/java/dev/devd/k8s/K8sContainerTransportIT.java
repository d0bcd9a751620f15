package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ExecResult;
import dev.devd.liveupdate.FileCopy;
import dev.devd.liveupdate.ProcessSupervisor;
import dev.devd.liveupdate.SyncArchive;
import dev.devd.liveupdate.SyncException;
import dev.devd.liveupdate.SyncPlan;
import dev.devd.liveupdate.SyncResult;
import dev.devd.liveupdate.Syncer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K8sContainerTransport against fabric8's mock API server and its exec support: these tests check
 * what devd SENDS (the command's argv in the exec request, the tar on stdin, read back with the
 * system's tar) and how the status channel's answers map to exit codes and messages. The mock
 * cannot imitate a real container: no filesystem for tar to unpack into, no commands that really
 * run, and not the kubelet's handling of stdin; those need a real cluster. For restartProcess this
 * means the test shows what devd sends and that the pod stays, not the supervisor restarting a
 * process: ProcessSupervisorTest runs the supervisor with real shells, and PodmanRestartProcessIT
 * in real containers.
 */
class K8sContainerTransportIT {
  static final String NS = "ns";
  static final String POD = "p";
  static final ContainerRef WEB =
      new ContainerRef(
          new ContainerRef.PodContainer(NS, POD, "web"),
          "p/web",
          "registry.local/web:devd-1",
          true,
          false,
          Instant.EPOCH);

  @TempDir Path temp;
  KubernetesMockServer server;
  KubernetesClient client;
  KubeletStand kubelet;
  K8sContainerTransport transport;

  @BeforeEach
  void startServer() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    kubelet = new KubeletStand(new KubernetesMixedDispatcher(responses));
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, kubelet, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    // fabric8 reads the pod before an exec, to check the container name, and waits for it to be
    // ready.
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(POD)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.local/web:devd-1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName("web")
                .withReady(true)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-11-23T02:37:05Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
    transport = new K8sContainerTransport(client);
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void copySendsTheArchiveOnStdinToTarWithItsExactSize() throws Exception {
    Path src = Files.createDirectories(temp.resolve("src/nested"));
    Files.writeString(src.resolve("x.txt"), "hello from devd\n");
    Files.writeString(temp.resolve("src/a.js"), "let a = 1;\n");
    kubelet.answerStdin(new StatusStreamMessage(0).getBytes());

    try (SyncArchive archive =
        SyncArchive.of(List.of(new FileCopy(temp.resolve("src"), "/app/src")))) {
      transport.copy(WEB, archive);

      Exec exec = kubelet.execs().getFirst();
      assertThat(exec.container()).isEqualTo("web");
      assertThat(exec.argv())
          .containsExactly(
              "sh",
              "-c",
              K8sContainerTransport.UNPACK_SCRIPT,
              "sh",
              Long.toString(archive.bytes()));
      assertThat(exec.stdin()).isEqualTo(Files.readAllBytes(archive.file()));
    }
    Path received = temp.resolve("received.tar");
    Files.write(received, kubelet.execs().getFirst().stdin());
    assertThat(tar("-tf", received.toString()))
        .containsExactly("app/src/", "app/src/a.js", "app/src/nested/", "app/src/nested/x.txt");
    Path out = Files.createDirectories(temp.resolve("out"));
    tar("-xmf", received.toString(), "-C", out.toString());
    assertThat(out.resolve("app/src/nested/x.txt")).hasContent("hello from devd");
  }

  @Test
  void restartProcessSignalsTheSupervisorByExecAfterTheCopyAndThePodStays() throws Exception {
    Files.writeString(Files.createDirectories(temp.resolve("src")).resolve("x.txt"), "x\n");
    kubelet.answerStdin(new StatusStreamMessage(0).getBytes());
    server
        .expect()
        .get()
        .withPath(execPath(ProcessSupervisor.triggerArgv()))
        .andUpgradeToWebSocket()
        .open(new StatusStreamMessage(0))
        .done()
        .once();
    String uid = client.pods().inNamespace(NS).withName(POD).get().getMetadata().getUid();
    SyncPlan plan =
        new SyncPlan(
            List.of(new FileCopy(temp.resolve("src/x.txt"), "/app/x.txt")),
            List.of(),
            List.of(),
            SyncPlan.Restart.PROCESS);

    SyncResult result = new Syncer(transport).apply(plan, List.of(WEB), new ResourceLog("web"));

    assertThat(result)
        .isInstanceOfSatisfying(
            SyncResult.Synced.class,
            synced -> assertThat(synced.containers().getFirst().restarted()).isFalse());
    assertThat(kubelet.execs()).extracting(Exec::container).containsOnly("web");
    assertThat(kubelet.execs())
        .extracting(exec -> exec.argv().get(2))
        .containsExactly(
            K8sContainerTransport.UNPACK_SCRIPT, ProcessSupervisor.triggerArgv().get(2));
    assertThat(client.pods().inNamespace(NS).withName(POD).get().getMetadata().getUid())
        .isEqualTo(uid);
  }

  @Test
  void theUnpackScriptReadsExactlyTheSizeItIsGiven() throws Exception {
    // The script runs here with the system's sh, head and tar: stdin goes on after the archive (an
    // exec's stdin stays
    // open), and the script still ends, because head stops after SIZE bytes.
    Files.writeString(Files.createDirectories(temp.resolve("src")).resolve("x.txt"), "x\n");
    Path out = Files.createDirectories(temp.resolve("out"));
    try (SyncArchive archive =
        SyncArchive.of(List.of(new FileCopy(temp.resolve("src/x.txt"), "/x.txt")))) {
      // After the archive comes more input that never ends (until the reader is gone and printf
      // gets SIGPIPE).
      String pipeline =
          "(cat \"$1\"; while printf more; do sleep 0.1; done) | (cd \"$2\" && sh -c \"$3\" sh \"$4\""
              + " && echo done)";
      // -C / becomes -C . so that nothing is written outside the temp folder
      String script = K8sContainerTransport.UNPACK_SCRIPT.replace("-C /", "-C .");
      List<String> lines = new CopyOnWriteArrayList<>();
      ProcessResult result =
          new ProcessRunner()
              .run(
                  ProcessSpec.of(
                          List.of(
                              "sh",
                              "-c",
                              pipeline,
                              "sh",
                              archive.file().toString(),
                              out.toString(),
                              script,
                              Long.toString(archive.bytes())),
                          temp)
                      .withTimeout(java.time.Duration.ofSeconds(20)),
                  lines::add);
      assertThat(lines).contains("done");
      assertThat(result.outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
    }
    assertThat(out.resolve("x.txt")).hasContent("x");
  }

  @Test
  void aContainerWithoutTarGetsAMessageThatSaysWhatToDo() throws Exception {
    // The container's shell finds no tar and exits at once, without reading its stdin, while devd
    // may still send.
    Files.writeString(temp.resolve("x.txt"), "x");
    kubelet.answerAtOnce(
        new ErrorStreamMessage("tar: not found\n").getBytes(),
        new StatusStreamMessage(127).getBytes());

    try (SyncArchive archive =
        SyncArchive.of(List.of(new FileCopy(temp.resolve("x.txt"), "/app/x.txt")))) {
      assertThatThrownBy(() -> transport.copy(WEB, archive))
          .isInstanceOf(SyncException.class)
          .hasMessage(
              "p/web has no `tar`, which devd needs to copy files into it: add it to the image (apk add tar, apt-get"
                  + " install tar), or use a base image that has it (busybox, alpine, debian-slim); if the image has it,"
                  + " set PATH in the image so that it is found");
    }
  }

  @Test
  void deleteRunsRmWithTheRemotePaths() throws Exception {
    server
        .expect()
        .get()
        .withPath(execPath(List.of("rm", "-rf", "--", "/app/src/old.js", "/app/src/gone dir")))
        .andUpgradeToWebSocket()
        .open(new StatusStreamMessage(0))
        .done()
        .once();

    transport.delete(WEB, List.of("/app/src/old.js", "/app/src/gone dir"));

    assertThat(kubelet.execs())
        .singleElement()
        .satisfies(
            exec -> {
              assertThat(exec.argv())
                  .containsExactly("rm", "-rf", "--", "/app/src/old.js", "/app/src/gone dir");
              assertThat(exec.stdinRequested()).isFalse();
            });
  }

  @Test
  void aFailedDeleteQuotesRmsOutput() {
    server
        .expect()
        .get()
        .withPath(execPath(List.of("rm", "-rf", "--", "/proc/1")))
        .andUpgradeToWebSocket()
        .open(
            new ErrorStreamMessage("rm: can't remove '/proc/1/fd': Operation not permitted\n"),
            new StatusStreamMessage(1))
        .done()
        .once();

    assertThatThrownBy(() -> transport.delete(WEB, List.of("/proc/1")))
        .isInstanceOf(SyncException.class)
        .hasMessage(
            "`rm -rf -- /proc/1` failed in p/web with exit code 1: rm: can't remove '/proc/1/fd': Operation not permitted");
  }

  @Test
  void execStreamsOutputAndReturnsTheExitCodeOfTheStatusChannel() throws Exception {
    server
        .expect()
        .get()
        .withPath(execPath(List.of("sh", "-c", "npm install && echo ok")))
        .andUpgradeToWebSocket()
        .open(
            new OutputStreamMessage("added 3 packages\nok"),
            new ErrorStreamMessage("npm warn deprecated\n"),
            new StatusStreamMessage(3))
        .done()
        .once();
    List<String> lines = new CopyOnWriteArrayList<>();

    ExecResult result =
        transport.exec(WEB, List.of("sh", "-c", "npm install && echo ok"), lines::add);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(lines).containsExactlyInAnyOrder("added 3 packages", "ok", "npm warn deprecated");
  }

  @Test
  void aSuccessfulExecReturnsZero() throws Exception {
    server
        .expect()
        .get()
        .withPath(execPath(List.of("make", "assets")))
        .andUpgradeToWebSocket()
        .open(new StatusStreamMessage(0))
        .done()
        .once();

    assertThat(transport.exec(WEB, List.of("make", "assets"), line -> {}).exitCode()).isZero();
  }

  @Test
  void aCommandTheContainerCannotStartIsExplained() {
    String message =
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"npm\":"
            + " executable file not found in $PATH: unknown";
    server
        .expect()
        .get()
        .withPath(execPath(List.of("npm", "test")))
        .andUpgradeToWebSocket()
        .open(
            new StatusMessage(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("InternalError")
                    .withMessage(message)
                    .build()))
        .done()
        .once();

    assertThatThrownBy(() -> transport.exec(WEB, List.of("npm", "test"), line -> {}))
        .isInstanceOf(SyncException.class)
        .hasMessage("cannot run `npm test` in p/web: " + message);
  }

  @Test
  void anExecIntoAMissingPodSaysSo() {
    ContainerRef gone =
        new ContainerRef(
            new ContainerRef.PodContainer(NS, "gone", "web"),
            "gone/web",
            "x",
            true,
            false,
            Instant.EPOCH);

    assertThatThrownBy(() -> transport.exec(gone, List.of("true"), line -> {}))
        .isInstanceOf(SyncException.class)
        .hasMessageStartingWith("cannot exec into gone/web to run the command: ")
        .hasMessageEndingWith(
            "; check that the pod still runs and that your user may exec into it: kubectl auth"
                + " can-i create pods/exec -n ns");
  }

  @Test
  void restartIsForPodmanOnly() {
    assertThatThrownBy(() -> transport.restart(WEB))
        .isInstanceOf(SyncException.class)
        .hasMessage(
            "restartContainer works only with runtime: podman; on Kubernetes p/web keeps running. Remove the"
                + " restartContainer step, or make the app reload changed files itself (a file watcher such as nodemon)");
    assertThat(kubelet.execs()).isEmpty();
  }

  @Test
  void listsAPodsContainersWithTheirState() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web-7d9f")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("registry.local/web:devd-1")
            .endContainer()
            .addNewContainer()
            .withName("sidecar")
            .withImage("registry.local/side:devd-2")
            .endContainer()
            .addNewContainer()
            .withName("new")
            .withImage("registry.local/new:devd-3")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .addNewContainerStatus()
            .withName("web")
            .withNewState()
            .withNewRunning()
            .withStartedAt("2026-11-23T02:37:05Z")
            .endRunning()
            .endState()
            .endContainerStatus()
            .addNewContainerStatus()
            .withName("sidecar")
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(K8sContainerTransport.containers(pod))
        .containsExactly(
            new ContainerRef(
                new ContainerRef.PodContainer(NS, "web-7d9f", "web"),
                "web-7d9f/web",
                "registry.local/web:devd-1",
                true,
                false,
                Instant.parse("2026-11-23T02:37:05Z")),
            new ContainerRef(
                new ContainerRef.PodContainer(NS, "web-7d9f", "sidecar"),
                "web-7d9f/sidecar",
                "registry.local/side:devd-2",
                false,
                true,
                Instant.EPOCH),
            new ContainerRef(
                new ContainerRef.PodContainer(NS, "web-7d9f", "new"),
                "web-7d9f/new",
                "registry.local/new:devd-3",
                false,
                false,
                Instant.EPOCH));
  }

  @Test
  void readsTheExitCodeOfAStatusAsTheApiServerWritesIt() {
    assertThat(K8sContainerTransport.exitCode(new StatusBuilder().withStatus("Success").build()))
        .isZero();
    assertThat(
            K8sContainerTransport.exitCode(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("NonZeroExitCode")
                    .withNewDetails()
                    .addNewCause()
                    .withReason("ExitCode")
                    .withMessage("127")
                    .endCause()
                    .endDetails()
                    .build()))
        .isEqualTo(127);
    assertThat(
            K8sContainerTransport.exitCode(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("InternalError")
                    .withMessage("exec: \"tar\": executable file not found in $PATH")
                    .build()))
        .isEqualTo(-1);
  }

  /**
   * The path fabric8 asks for: one command= per argument (spaces as %20), then the container and
   * the streams.
   */
  private static String execPath(List<String> argv) {
    return execPath(argv, false);
  }

  private static String execPath(List<String> argv, boolean stdin) {
    String commands =
        argv.stream()
            .map(
                arg ->
                    "command=" + URLEncoder.encode(arg, StandardCharsets.UTF_8).replace("+", "%20"))
            .collect(Collectors.joining("&"));
    return "/api/v1/namespaces/"
        + NS
        + "/pods/"
        + POD
        + "/exec?"
        + commands
        + "&container=web"
        + (stdin ? "&stdin=true" : "")
        + "&stdout=true&stderr=true";
  }

  private List<String> tar(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("tar"));
    argv.addAll(List.of(args));
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessResult result = new ProcessRunner().run(ProcessSpec.of(argv, temp), lines::add);
    assertThat(result.succeeded()).as(argv + " → " + lines).isTrue();
    return List.copyOf(lines);
  }

  /** One exec request the server received: its command, container, and the bytes sent on stdin. */
  record Exec(String container, List<String> argv, boolean stdinRequested, byte[] stdin) {}

  /**
   * Stands in for the kubelet's end of exec requests that send stdin, which the mock's own
   * WebSocket sessions ignore (they match text messages only): records every exec request, and for
   * one that asks for stdin, collects the channel-0 frames until as many bytes as the command's
   * last argument (the archive's size) have arrived, then answers with the scripted frames, as a
   * container whose {@code head -c SIZE} has read everything would. Every other request, and an
   * exec with stdin when no answer is scripted, goes to the mock's own dispatcher (expectations,
   * then the CRUD store).
   */
  static final class KubeletStand extends Dispatcher {
    private final Dispatcher mock;
    private final List<Exec> execs = new CopyOnWriteArrayList<>();
    private volatile List<byte[]> stdinAnswer;
    private volatile boolean atOnce;

    KubeletStand(Dispatcher mock) {
      this.mock = mock;
    }

    /**
     * How the next exec with stdin answers once its stdin has arrived: binary frames (channel byte
     * first).
     */
    void answerStdin(byte[]... frames) {
      stdinAnswer = List.of(frames);
      atOnce = false;
    }

    /**
     * How the next exec with stdin answers as soon as it opens, reading none of its stdin, before
     * the kubelet closes the connection: a command that exits at once.
     */
    void answerAtOnce(byte[]... frames) {
      stdinAnswer = List.of(frames);
      atOnce = true;
    }

    List<Exec> execs() {
      return List.copyOf(execs);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      if (!path.contains("/exec?")) return mock.dispatch(request);
      Map<String, List<String>> query = query(path.substring(path.indexOf('?') + 1));
      boolean stdin = query.getOrDefault("stdin", List.of()).contains("true");
      List<String> argv = query.getOrDefault("command", List.of());
      String container = query.getOrDefault("container", List.of("")).getFirst();
      List<byte[]> answer = stdinAnswer;
      if (!stdin || answer == null) {
        execs.add(new Exec(container, argv, stdin, new byte[0]));
        return mock.dispatch(request);
      }
      long expected = Long.parseLong(argv.getLast());
      boolean answerAtOnce = atOnce;
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      MockResponse response =
          new MockResponse()
              .withWebSocketUpgrade(
                  new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket socket, byte[] frame) {
                      if (answerAtOnce || frame.length == 0 || frame[0] != 0)
                        return; // channel 0 is stdin; resize frames (4) do not matter here
                      boolean complete;
                      synchronized (received) {
                        received.write(frame, 1, frame.length - 1);
                        complete = received.size() >= expected;
                      }
                      if (complete) {
                        execs.add(new Exec(container, argv, true, received.toByteArray()));
                        // The client closes once it has the exit code. (Closing here too raced,
                        // rarely, with fabric8's own
                        // close: a stdin send it had queued failed with "could not send" before the
                        // status was read.)
                        for (byte[] out : answer) socket.send(out);
                      }
                    }

                    @Override
                    public void onOpen(WebSocket socket, Response upgrade) {
                      if (answerAtOnce) {
                        execs.add(new Exec(container, argv, true, new byte[0]));
                        for (byte[] out : answer) socket.send(out);
                        socket.close(1000, "");
                      } else if (expected == 0) {
                        onMessage(socket, new byte[] {0});
                      }
                    }
                  });
      String protocol = request.getHeader("Sec-WebSocket-Protocol");
      if (protocol != null) response.addHeader("Sec-WebSocket-Protocol", protocol);
      return response.setResponseCode(101);
    }

    private static Map<String, List<String>> query(String text) {
      Map<String, List<String>> query = new HashMap<>();
      for (String pair : text.split("&")) {
        int equals = pair.indexOf('=');
        String key =
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        String value =
            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
      return query;
    }

    @Override
    public void shutdown() {
      mock.shutdown();
    }
  }
}
