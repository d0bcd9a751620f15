package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.testing.RegistryServer;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against real registries with token auth ({@code auth: token}): the registry
 * checks every token's signature, issuer, audience and scope; the tokens come from {@link
 * TokenIssuer}, which plays the token server (docker_auth and the like). One registry whose token
 * server wants a login, one that serves anyone, as Docker Hub does for public images.
 */
class RegistryTokenAuthIT {
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
  private static Path keys;
  private static TokenIssuer issuer;
  private static RegistryServer registry;
  private static TokenIssuer openIssuer;
  private static RegistryServer openRegistry;

  @TempDir Path temp;
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private ScratchImages images;

  @BeforeAll
  static void startRegistries() throws Exception {
    keys = Files.createTempDirectory("devd-token-issuer");
    Files.createDirectories(keys.resolve("login"));
    Files.createDirectories(keys.resolve("open"));
    issuer = TokenIssuer.withLogin(keys.resolve("login"), "alice", "s3cret");
    registry = RegistryServer.withTokenAuth(issuer).start();
    openIssuer = TokenIssuer.anonymous(keys.resolve("open"));
    openRegistry = RegistryServer.withTokenAuth(openIssuer).start();
  }

  @AfterAll
  static void stopRegistries() throws Exception {
    for (AutoCloseable closeable :
        new AutoCloseable[] {registry, issuer, openRegistry, openIssuer}) {
      if (closeable != null) closeable.close();
    }
    try (Stream<Path> files = Files.walk(keys)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
    }
  }

  @BeforeEach
  void setUp() {
    images = new ScratchImages(temp);
    images.build(name + ":src", "content of " + name);
  }

  @AfterEach
  void tearDown() {
    images.close();
  }

  private Path dockerConfig(String user, String password) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Files.writeString(
        temp.resolve("config.json"),
        """
        {"auths": {"%s": {"auth": "%s"}}}"""
            .formatted(registry.host(), auth));
  }

  @Test
  void getsATokenForPullAndPushWithTheLoginAndKeepsUsingIt() throws Exception {
    String digest =
        images.push(name + ":src", registry.host() + "/" + name + ":v1", "--creds", "alice:s3cret");
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":v1");
    RegistryClient client = new RegistryClient(dockerConfig("alice", "s3cret"));
    int before = issuer.requests().size();

    assertThat(client.manifestDigest(ref)).contains(digest);
    client.tag(ref, "devd-0123456789abcdef");
    assertThat(client.manifestDigest(ref.withTag("devd-0123456789abcdef"))).contains(digest);

    List<TokenIssuer.TokenRequest> requests = issuer.requests();
    assertThat(requests.subList(before, requests.size()))
        .containsExactly(
            new TokenIssuer.TokenRequest(
                "devd-test-registry",
                List.of("repository:" + name + ":pull,push"),
                Optional.of(BASIC)));
  }

  @Test
  void theRegistryChecksTokensSoTheseTestsMeanSomething() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var forged =
        java.net.http.HttpRequest.newBuilder(registry.url("/v2/" + name + "/manifests/v1"))
            .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln")
            .build();

    assertThat(http.send(forged, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void withoutALoginSaysHowToLogIn() throws Exception {
    images.push(name + ":src", registry.host() + "/" + name + ":v1", "--creds", "alice:s3cret");
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":v1");
    Path none = temp.resolve("none.json");

    assertThatThrownBy(() -> new RegistryClient(none).manifestDigest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + registry.host()
                + " needs a login to read the manifest of "
                + ref
                + ", and "
                + none
                + " has none for "
                + registry.host()
                + "; log in with `docker login "
                + registry.host()
                + "` (devd asks the"
                + " credential helper that credsStore or credHelpers names there, else reads auths."
                + registry.host()
                + ".auth)");
  }

  @Test
  void aLoginTheTokenServerRefusesIsReportedWithTheFix() throws Exception {
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":v1");
    Path config = dockerConfig("alice", "wrong");
    String tokenServer = issuer.realm().replaceFirst("^http://", "").replaceFirst("/token$", "");

    assertThatThrownBy(() -> new RegistryClient(config).manifestDigest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "the token server of registry "
                + registry.host()
                + " ("
                + tokenServer
                + ") refused the login from "
                + config
                + " (401); log in again with `docker login "
                + registry.host()
                + "`");
  }

  @Test
  void anAnonymousTokenServesWhenTheRegistryGivesTokensToAnyone() throws Exception {
    String digest = images.push(name + ":src", openRegistry.host() + "/" + name + ":v1");
    ImageRef ref = ImageRef.parse(openRegistry.host() + "/" + name + ":v1");
    RegistryClient client = new RegistryClient(temp.resolve("none.json"));
    int before = openIssuer.requests().size();

    assertThat(client.manifestDigest(ref)).contains(digest);
    client.tag(ref, "devd-0123456789abcdef");

    assertThat(client.manifestDigest(ref.withTag("devd-0123456789abcdef"))).contains(digest);
    List<TokenIssuer.TokenRequest> requests = openIssuer.requests();
    assertThat(requests.subList(before, requests.size()))
        .containsExactly(
            new TokenIssuer.TokenRequest(
                "devd-test-registry",
                List.of("repository:" + name + ":pull,push"),
                Optional.empty()));
  }
}
