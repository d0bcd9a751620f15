package dev.devd.testing;

import dev.devd.k8s.ClusterException;
import dev.devd.k8s.KubeTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The cluster of the k8s tests: fabric8's mock API server in CRUD mode (it stores what is created
 * and answers gets, lists, updates, JSON and merge patches, deletes and watches) on plain HTTP at
 * 127.0.0.1, plus a kubeconfig file whose context {@code mock} points at it. Expectations ({@code
 * server().expect()}) are answered before the store, for the few answers a test has to script.
 */
public final class MockCluster implements AutoCloseable {
  public static final String CONTEXT = "mock";

  /** One request the server received, as the test cares about it. */
  public record Request(String method, String path, String contentType, String body) {
    public boolean writes() {
      return !method.equals("GET");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private MockCluster(KubernetesMockServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.createClient();
    this.kubeconfig = kubeconfig;
  }

  public static MockCluster start(Path dir) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: mock
        contexts:
          - name: mock
            context: {cluster: kind-devd-mock, user: mock, namespace: default}
        clusters:
          - name: kind-devd-mock
            cluster: {server: "http://127.0.0.1:%d"}
        users:
          - name: mock
            user: {token: dummy}
        """
            .formatted(server.getPort()));
    return new MockCluster(server, kubeconfig);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A new target for the mock's context, as devd would load it from the kubeconfig. */
  public KubeTarget target() throws ClusterException {
    return KubeTarget.load(List.of(kubeconfig), Optional.empty(), Optional.empty());
  }

  public KubernetesMockServer server() {
    return server;
  }

  /**
   * A client of the test's own, to see what the server stores and to change it behind devd's back.
   */
  public KubernetesClient client() {
    return client;
  }

  /** The requests received since the last call, oldest first. */
  public List<Request> takeRequests() throws InterruptedException {
    List<Request> requests = new ArrayList<>();
    for (RecordedRequest request;
        (request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
      requests.add(
          new Request(
              request.getMethod(),
              request.getPath(),
              String.valueOf(request.getHeader("Content-Type")),
              request.getBody() == null ? "" : request.getUtf8Body()));
    }
    return requests;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
