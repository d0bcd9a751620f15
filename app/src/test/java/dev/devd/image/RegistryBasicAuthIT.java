package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.exec.ProcessRunner;
import dev.devd.testing.RegistryServer;
import dev.devd.testing.ScratchImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a real registry with Basic auth (htpasswd), logins read from a docker
 * config.json or from the credential helper it names.
 */
class RegistryBasicAuthIT {
  @RegisterExtension
  static final RegistryServer registry = RegistryServer.withBasicAuth("alice", "s3cret");

  @TempDir Path temp;
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private ScratchImages images;
  private ImageRef ref;
  private String digest;

  @BeforeEach
  void pushAnImage() {
    images = new ScratchImages(temp);
    images.build(name + ":src", "content of " + name);
    digest =
        images.push(name + ":src", registry.host() + "/" + name + ":v1", "--creds", "alice:s3cret");
    ref = ImageRef.parse(registry.host() + "/" + name + ":v1");
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
  void usesTheLoginFromDockerConfigToReadAndTag() throws Exception {
    RegistryClient client = new RegistryClient(dockerConfig("alice", "s3cret"));

    assertThat(client.manifestDigest(ref)).contains(digest);
    client.tag(ref, "devd-0123456789abcdef");
    assertThat(client.manifestDigest(ref.withTag("devd-0123456789abcdef"))).contains(digest);
  }

  @Test
  void usesTheLoginACredentialHelperHolds() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path helper =
        Files.writeString(
            bin.resolve("docker-credential-it"),
            """
        #!/bin/sh
        read -r server
        [ "$server" = "%s" ] && echo '{"Username": "alice", "Secret": "s3cret"}' && exit 0
        echo "credentials not found in native keychain"; exit 1
        """
                .formatted(registry.host()));
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path config =
        Files.writeString(
            temp.resolve("config.json"),
            """
        {"credsStore": "it"}""");
    RegistryClient client =
        new RegistryClient(
            new DockerCredentials(config, new ProcessRunner(), bin), Clock.systemUTC());

    client.tag(ref, "devd-fedcba9876543210");
    assertThat(client.manifestDigest(ref.withTag("devd-fedcba9876543210"))).contains(digest);
  }

  @Test
  void sendsTheLoginStraightAwayOnceTheRegistryAskedForIt() throws Exception {
    RegistryClient client = new RegistryClient(dockerConfig("alice", "s3cret"));
    client.manifestDigest(ref);
    int before = registry.requests().size();

    client.manifestDigest(ref);

    List<String> requests = registry.requests();
    assertThat(requests.subList(before, requests.size()))
        .containsExactly("HEAD /v2/" + name + "/manifests/v1 200");
  }

  @Test
  void withoutALoginSaysHowToLogIn() {
    Path none = temp.resolve("none.json");
    RegistryClient client = new RegistryClient(none);

    assertThatThrownBy(() -> client.manifestDigest(ref))
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
  void aWrongPasswordIsRefusedWithTheFileAndTheFix() throws Exception {
    Path config = dockerConfig("alice", "wrong");
    RegistryClient client = new RegistryClient(config);

    assertThatThrownBy(() -> client.manifestDigest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + registry.host()
                + " refused the login from "
                + config
                + " to read the manifest of "
                + ref
                + " (401); log in again with `docker login "
                + registry.host()
                + "`");
  }
}
