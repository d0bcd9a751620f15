package dev.devd.testing;

import static org.awaitility.Awaitility.await;

import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import dev.devd.exec.RunningProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real image registry for integration tests: {@code docker-registry serve} (the distribution v2
 * registry, Debian's {@code docker-registry} package) on a free 127.0.0.1 port, storing into its
 * own temp folder, with deletes enabled. Anonymous, with Basic auth from an htpasswd file, or with
 * token auth against a {@link TokenIssuer}. Its access log is kept, so a test can see which
 * requests reached it ({@link #requests()}).
 *
 * <p>As a JUnit 5 extension, one registry per test class: {@code @RegisterExtension static final
 * RegistryServer registry = RegistryServer.anonymous();}. Or {@link #start()} and {@link #close()}
 * it by hand.
 */
public final class RegistryServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(20);
  // "GET /v2/web/manifests/v1 HTTP/1.1" 200, from the registry's Apache-style access log lines.
  private static final Pattern ACCESS_LINE =
      Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

  private final String authSection;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(2));
  private Path dir;
  private int port;
  private RunningProcess process;

  private RegistryServer(String authSection) {
    this.authSection = authSection;
  }

  /** Anyone may pull and push. */
  public static RegistryServer anonymous() {
    return new RegistryServer("");
  }

  /**
   * Pulls and pushes need the Basic login {@code user}/{@code password} (an htpasswd file with a
   * bcrypt hash).
   */
  public static RegistryServer withBasicAuth(String user, String password) {
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    // Cost 4, the lowest bcrypt allows: the registry checks the hash on every request, and tests
    // make many.
    String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4);
    return new RegistryServer("htpasswd:" + user + ":" + hash);
  }

  /**
   * Pulls and pushes need a bearer token from {@code issuer}, which the registry verifies with its
   * certificate.
   */
  public static RegistryServer withTokenAuth(TokenIssuer issuer) {
    return new RegistryServer(
        """
        auth:
          token:
            realm: "%s"
            service: "%s"
            issuer: "%s"
            rootcertbundle: "%s"
        """
            .formatted(
                issuer.realm(), issuer.service(), issuer.issuer(), issuer.certificateBundle()));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts the registry and returns once {@code /v2/} answers. */
  public RegistryServer start() {
    try {
      dir = Files.createTempDirectory("devd-registry");
      Files.createDirectories(dir.resolve("storage"));
      String auth = authSection;
      if (auth.startsWith("htpasswd:")) {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, auth.substring("htpasswd:".length()) + "\n");
        auth =
            """
            auth:
              htpasswd:
                realm: devd-test-registry
                path: "%s"
            """
                .formatted(htpasswd);
      }
      // A port picked by the OS and then released can be taken by someone else before the registry
      // binds it; the
      // registry then exits at once, and the next attempt gets a new port.
      for (int attempt = 1; ; attempt++) {
        port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(
            config,
            """
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: "%s"
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:%d
              secret: devd-test-registry-secret
            %s"""
                .formatted(dir.resolve("storage"), port, auth));
        output.clear();
        process =
            runner.start(
                ProcessSpec.of(List.of("docker-registry", "serve", config.toString()), dir),
                output::add);
        try {
          awaitReady();
          return this;
        } catch (RuntimeException e) {
          boolean portTaken =
              output.stream().anyMatch(line -> line.contains("address already in use"));
          process.stop();
          if (!portTaken || attempt == 3)
            throw new IllegalStateException(
                "the registry did not start: " + String.join("\n", output), e);
        }
      }
    } catch (ProcessStartException e) {
      throw new IllegalStateException(
          e.getMessage()
              + " (it comes with Debian's docker-registry package; scripts/test"
              + " installs it)",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(READY_WITHIN)
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .failFast("the registry exited", () -> !process.isAlive())
        .until(
            () -> {
              int status =
                  http.send(
                          HttpRequest.newBuilder(url("/v2/")).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode();
              return status == 200 || status == 401;
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image refs pushed here. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public URI url(String path) {
    return URI.create("http://" + host() + path);
  }

  /** The folder the registry stores blobs and manifests in. */
  public Path storage() {
    return dir.resolve("storage");
  }

  /** Every request the registry served so far, as {@code METHOD PATH STATUS}, oldest first. */
  public List<String> requests() {
    List<String> requests = new ArrayList<>();
    for (String line : output) {
      Matcher m = ACCESS_LINE.matcher(line);
      if (m.find()) requests.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
    }
    return requests;
  }

  /** Everything the registry printed: its log and access log. */
  public List<String> log() {
    return List.copyOf(output);
  }

  /** The digests ({@code sha256:…}) of every blob in the registry's storage, manifests included. */
  public List<String> blobDigests() {
    Path blobs = storage().resolve("docker/registry/v2/blobs/sha256");
    if (!Files.isDirectory(blobs)) return List.of();
    try (Stream<Path> files = Files.walk(blobs)) {
      return files
          .filter(file -> file.getFileName().toString().equals("data"))
          .map(data -> "sha256:" + data.getParent().getFileName())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) process.stop();
    process = null;
    if (dir == null) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dir = null;
  }
}
