package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.exec.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerCredentialsTest {
  private static final ProcessRunner RUNNER = new ProcessRunner();

  @TempDir Path dir;

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheLoginOfAHostWhateverFormItsKeyHas() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.json"),
            """
        {"auths": {
          "https://registry.example.com/v1/": {"auth": "%s"},
          "localhost:5000": {"auth": "%s"},
          "https://index.docker.io/v1/": {"auth": "%s"}
        }}"""
                .formatted(base64("ann:pw1"), base64("bob:pw2"), base64("cid:pw3")));
    DockerCredentials credentials = new DockerCredentials(config, RUNNER);

    assertThat(credentials.basicAuthorization("registry.example.com"))
        .contains("Basic " + base64("ann:pw1"));
    assertThat(credentials.basicAuthorization("localhost:5000"))
        .contains("Basic " + base64("bob:pw2"));
    assertThat(credentials.basicAuthorization("docker.io")).contains("Basic " + base64("cid:pw3"));
    assertThat(credentials.basicAuthorization("localhost:5001")).isEmpty();
  }

  @Test
  void noFileMeansNoLogins() throws Exception {
    assertThat(
            new DockerCredentials(dir.resolve("missing.json"), RUNNER)
                .basicAuthorization("localhost:5000"))
        .isEmpty();
  }

  @Test
  void aBrokenFileOrEntryIsReportedWithTheFileAndTheFix() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"auths\": ");
    assertThatThrownBy(
            () -> new DockerCredentials(broken, RUNNER).basicAuthorization("localhost:5000"))
        .hasMessageStartingWith("cannot read the registry logins in " + broken + ": ")
        .hasMessageEndingWith("; fix the file or log in again with `docker login localhost:5000`");

    Path notUserPassword =
        Files.writeString(
            dir.resolve("config.json"),
            """
        {"auths": {"localhost:5000": {"auth": "%s"}}}"""
                .formatted(base64("no-colon")));
    assertThatThrownBy(
            () ->
                new DockerCredentials(notUserPassword, RUNNER).basicAuthorization("localhost:5000"))
        .hasMessage(
            "the login for localhost:5000 in "
                + notUserPassword
                + " is not base64 of user:password; log in again"
                + " with `docker login localhost:5000`");
  }

  // A credential helper as docker runs one: a program named docker-credential-NAME that reads the
  // server address on
  // stdin. This one records what it was asked and prints what the test gives it, with that exit
  // code.
  private Path helper(String name, String answer, int exitCode) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bin"));
    Path program = folder.resolve("docker-credential-" + name);
    Files.writeString(
        program,
        """
        #!/bin/sh
        [ "$1" = get ] || exit 9
        cat >> "%s"
        echo >> "%s"
        printf '%%s\\n' '%s'
        exit %d
        """
            .formatted(asked(name), asked(name), answer, exitCode));
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return folder;
  }

  private Path asked(String name) {
    return dir.resolve(name + ".asked");
  }

  private DockerCredentials withHelpers(String json) throws Exception {
    return new DockerCredentials(
        Files.writeString(dir.resolve("config.json"), json), RUNNER, dir.resolve("bin"));
  }

  @Test
  void asksTheHelperThatCredsStoreNamesWithTheServerAddressOnStdin() throws Exception {
    helper(
        "store",
        "{\"ServerURL\": \"localhost:5000\", \"Username\": \"ann\", \"Secret\": \"pw:1\"}",
        0);
    DockerCredentials credentials =
        withHelpers(
            """
        {"auths": {"localhost:5000": {}}, "credsStore": "store"}""");

    assertThat(credentials.basicAuthorization("localhost:5000"))
        .contains("Basic " + base64("ann:pw:1"));
    assertThat(credentials.basicAuthorization("docker.io")).contains("Basic " + base64("ann:pw:1"));
    assertThat(Files.readAllLines(asked("store")))
        .containsExactly("localhost:5000", "https://index.docker.io/v1/");
  }

  @Test
  void aHelperForOneRegistryWinsOverTheStoreForAllOthers() throws Exception {
    helper("store", "{\"Username\": \"store-user\", \"Secret\": \"a\"}", 0);
    helper("gcloud", "{\"Username\": \"oauth2accesstoken\", \"Secret\": \"b\"}", 0);
    DockerCredentials credentials =
        withHelpers(
            """
        {"credsStore": "store", "credHelpers": {"https://gcr.io": "gcloud"}}""");

    assertThat(credentials.basicAuthorization("gcr.io"))
        .contains("Basic " + base64("oauth2accesstoken:b"));
    assertThat(credentials.basicAuthorization("registry.example.com"))
        .contains("Basic " + base64("store-user:a"));
    assertThat(Files.readAllLines(asked("gcloud"))).containsExactly("gcr.io");
  }

  @Test
  void aHelperWithoutALoginForTheRegistryLeavesTheLoginInAuths() throws Exception {
    helper("store", "credentials not found in native keychain", 1);
    DockerCredentials credentials =
        withHelpers(
            """
        {"auths": {"localhost:5000": {"auth": "%s"}}, "credsStore": "store"}"""
                .formatted(base64("bob:pw2")));

    assertThat(credentials.basicAuthorization("localhost:5000"))
        .contains("Basic " + base64("bob:pw2"));
    assertThat(credentials.basicAuthorization("localhost:5001")).isEmpty();
  }

  @Test
  void aMissingOrFailingHelperIsReportedWithTheFix() throws Exception {
    Files.createDirectories(dir.resolve("bin"));
    DockerCredentials missing =
        withHelpers(
            """
        {"credsStore": "desktop"}""");
    Path config = dir.resolve("config.json");
    assertThatThrownBy(() -> missing.basicAuthorization("localhost:5000"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            config
                + " names the credential helper \"desktop\" (credsStore), but docker-credential-desktop"
                + " cannot be started (")
        .hasMessageEndingWith(
            "); install it, or remove credsStore from "
                + config
                + " and log in again with `docker login localhost:5000`");

    helper("broken", "keychain is locked", 2);
    DockerCredentials failing =
        withHelpers(
            """
        {"credHelpers": {"localhost:5000": "broken"}}""");
    assertThatThrownBy(() -> failing.basicAuthorization("localhost:5000"))
        .hasMessage(
            "the credential helper docker-credential-broken (credHelpers.\"localhost:5000\" in "
                + config
                + ") failed"
                + " to give the login for localhost:5000 (exit code 2: keychain is locked); check that"
                + " `echo localhost:5000 | docker-credential-broken get` works, or log in again with `docker login localhost:5000`");
  }

  @Test
  void anAnswerThatIsNoUsableLoginIsReported() throws Exception {
    helper("store", "{\"Username\": \"<token>\", \"Secret\": \"refresh\"}", 0);
    DockerCredentials token =
        withHelpers(
            """
        {"credsStore": "store"}""");
    assertThatThrownBy(() -> token.basicAuthorization("localhost:5000"))
        .hasMessage(
            "the credential helper docker-credential-store holds an identity token for localhost:5000, which devd"
                + " cannot use; log in with a user name and password (`docker login localhost:5000 -u USER`)");

    helper("store", "not json", 0);
    assertThatThrownBy(() -> token.basicAuthorization("localhost:5000"))
        .hasMessage(
            "the credential helper docker-credential-store answered something that is not JSON for localhost:5000;"
                + " check that `docker-credential-store get` works with your registry");
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:5000, localhost:5000",
    "http://localhost:5000, localhost:5000",
    "https://Registry.Example.com/v2/, registry.example.com",
    "https://index.docker.io/v1/, docker.io",
    "registry-1.docker.io, docker.io",
  })
  void keysStandForHosts(String key, String host) {
    assertThat(DockerCredentials.keyHost(key)).isEqualTo(host);
  }
}
