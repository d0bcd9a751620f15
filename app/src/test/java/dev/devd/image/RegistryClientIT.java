package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.devd.testing.RegistryServer;
import dev.devd.testing.ScratchImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry client against a real registry (anonymous access), with images pushed by buildah.
 */
class RegistryClientIT {
  @RegisterExtension static final RegistryServer registry = RegistryServer.anonymous();

  @TempDir Path temp;
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private ScratchImages images;
  private RegistryClient client;

  @BeforeEach
  void setUp() {
    images = new ScratchImages(temp);
    client = new RegistryClient(temp.resolve("docker-config.json"));
  }

  @AfterEach
  void tearDown() {
    images.close();
  }

  private ImageRef pushed(String tag, String... flags) {
    images.build(name + ":src", "content of " + name);
    images.push(name + ":src", registry.host() + "/" + name + ":" + tag, flags);
    return ImageRef.parse(registry.host() + "/" + name + ":" + tag);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "oci,  application/vnd.oci.image.manifest.v1+json",
    "v2s2, application/vnd.docker.distribution.manifest.v2+json",
  })
  void readsTheDigestTheRegistryStoredForEachManifestKind(String format, String mediaType)
      throws Exception {
    images.build(name + ":src", "content of " + name);
    String digest =
        images.push(name + ":src", registry.host() + "/" + name + ":v1", "--format", format);
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":v1");

    assertThat(client.manifestDigest(ref)).contains(digest);
    assertThat(contentType(ref)).isEqualTo(mediaType);
  }

  @Test
  void readsTheDigestOfAMultiPlatformIndex() throws Exception {
    images.build(name + ":src", "content of " + name);
    String digest = images.pushAsIndex(name + ":src", registry.host() + "/" + name + ":list");

    assertThat(client.manifestDigest(ImageRef.parse(registry.host() + "/" + name + ":list")))
        .contains(digest);
  }

  @Test
  void aTagOrRepositoryTheRegistryDoesNotHaveHasNoDigest() throws Exception {
    pushed("v1");

    assertThat(client.manifestDigest(ImageRef.parse(registry.host() + "/" + name + ":nope")))
        .isEmpty();
    assertThat(client.manifestDigest(ImageRef.parse(registry.host() + "/" + name + "-nope:v1")))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"oci", "v2s2"})
  void tagsByPuttingTheSameManifestUnderTheNewTagWithoutUploadingAnyBlob(String format)
      throws Exception {
    ImageRef ref = pushed("devd-build-1", "--format", format);
    String digest = client.manifestDigest(ref).orElseThrow();
    String mediaType = contentType(ref);
    List<String> blobsBefore = registry.blobDigests();

    client.tag(ref.withDigest(digest), "devd-0123456789abcdef");

    ImageRef tagged = ref.withTag("devd-0123456789abcdef");
    assertThat(client.manifestDigest(tagged)).contains(digest);
    assertThat(contentType(tagged)).isEqualTo(mediaType);
    assertThat(registry.blobDigests()).as("no blob was uploaded").isEqualTo(blobsBefore);
    // The registry writes its access log after it answers: wait for the line rather than count
    // lines before the tag.
    String put = "PUT /v2/" + name + "/manifests/devd-0123456789abcdef 201";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(registry.requests()).contains(put));
    List<String> requests = registry.requests();
    assertThat(requests.subList(requests.indexOf(put), requests.size()))
        .noneMatch(request -> request.contains("/blobs/"));
  }

  @Test
  void tagsAMultiPlatformIndexAsAnIndex() throws Exception {
    images.build(name + ":src", "content of " + name);
    String digest = images.pushAsIndex(name + ":src", registry.host() + "/" + name + ":list");
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":list");

    client.tag(ref, "devd-fedcba9876543210");

    ImageRef tagged = ref.withTag("devd-fedcba9876543210");
    assertThat(client.manifestDigest(tagged)).contains(digest);
    assertThat(contentType(tagged)).isEqualTo("application/vnd.oci.image.index.v1+json");
  }

  @Test
  void taggingTheSameManifestAgainChangesNothing() throws Exception {
    ImageRef ref = pushed("devd-build-1");
    client.tag(ref, "devd-0123456789abcdef");
    List<String> blobsBefore = registry.blobDigests();

    client.tag(ref, "devd-0123456789abcdef");

    assertThat(client.manifestDigest(ref.withTag("devd-0123456789abcdef")))
        .isEqualTo(client.manifestDigest(ref));
    assertThat(registry.blobDigests()).isEqualTo(blobsBefore);
  }

  @Test
  void taggingAManifestThatIsNotThereSaysSo() {
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":nope");

    assertThatThrownBy(() -> client.tag(ref, "devd-0123456789abcdef"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "cannot tag "
                + ref
                + ": registry "
                + registry.host()
                + " has no such manifest; check that the build"
                + " pushed it");
  }

  @Test
  void computesTheDigestFromTheManifestWhenTheRegistrySendsNone() throws Exception {
    ImageRef ref = pushed("v1");
    String digest = client.manifestDigest(ref).orElseThrow();

    try (DigestHidingProxy proxy = new DigestHidingProxy(registry)) {
      ImageRef viaProxy = ImageRef.parse(proxy.host() + "/" + name + ":v1");

      assertThat(client.manifestDigest(viaProxy)).contains(digest);
      assertThat(proxy.requests())
          .containsExactly(
              "HEAD /v2/" + name + "/manifests/v1", "GET /v2/" + name + "/manifests/v1");
    }
  }

  @Test
  void aRegistryThatIsNotRunningIsNamedWithWhatToCheck() {
    int closedPort;
    try (RegistryServer gone = RegistryServer.anonymous().start()) {
      closedPort = gone.port();
    }
    ImageRef ref = ImageRef.parse("127.0.0.1:" + closedPort + "/web:v1");

    assertThatThrownBy(() -> client.manifestDigest(ref))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessage(
            "cannot reach registry 127.0.0.1:"
                + closedPort
                + " at http://127.0.0.1:"
                + closedPort
                + " (connection refused); check that it runs and that its host and port are right");
  }

  private String contentType(ImageRef ref) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + registry.host()
                                + "/v2/"
                                + ref.path()
                                + "/manifests/"
                                + ref.tag().orElseThrow()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", String.join(", ", RegistryClient.MANIFEST_MEDIA_TYPES))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /**
   * Stands in for a registry that sends no {@code Docker-Content-Digest} header, which the
   * distribution spec allows: passes every request on to the real registry and drops that one
   * header from the answers.
   */
  static final class DigestHidingProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    DigestHidingProxy(RegistryServer target) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> forward(exchange, target));
      server.start();
    }

    String host() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> requests() {
      return List.copyOf(requests);
    }

    private void forward(HttpExchange exchange, RegistryServer target) throws IOException {
      try (exchange) {
        String method = exchange.getRequestMethod();
        requests.add(method + " " + exchange.getRequestURI());
        HttpRequest.Builder request =
            HttpRequest.newBuilder(target.url(exchange.getRequestURI().toString()))
                .method(
                    method,
                    HttpRequest.BodyPublishers.ofByteArray(
                        exchange.getRequestBody().readAllBytes()));
        for (String header : List.of("Accept", "Content-Type", "Authorization")) {
          String value = exchange.getRequestHeaders().getFirst(header);
          if (value != null) request.header(header, value);
        }
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
          String key = header.getKey().toLowerCase(java.util.Locale.ROOT);
          if (key.equals("docker-content-digest")
              || key.equals("content-length")
              || key.startsWith(":")) continue;
          exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
        boolean noBody = method.equals("HEAD") || response.body().length == 0;
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : response.body().length);
        if (!noBody) exchange.getResponseBody().write(response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
