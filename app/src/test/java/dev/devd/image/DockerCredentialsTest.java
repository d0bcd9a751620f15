package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerCredentialsTest {
  @TempDir Path dir;

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheLoginOfAHostWhateverFormItsKeyHas() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), """
        {"auths": {
          "https://registry.example.com/v1/": {"auth": "%s"},
          "localhost:5000": {"auth": "%s"},
          "https://index.docker.io/v1/": {"auth": "%s"}
        }}""".formatted(base64("ann:pw1"), base64("bob:pw2"), base64("cid:pw3")));
    DockerCredentials credentials = new DockerCredentials(config);

    assertThat(credentials.basicAuthorization("registry.example.com")).contains("Basic " + base64("ann:pw1"));
    assertThat(credentials.basicAuthorization("localhost:5000")).contains("Basic " + base64("bob:pw2"));
    assertThat(credentials.basicAuthorization("docker.io")).contains("Basic " + base64("cid:pw3"));
    assertThat(credentials.basicAuthorization("localhost:5001")).isEmpty();
  }

  @Test
  void noFileMeansNoLogins() throws Exception {
    assertThat(new DockerCredentials(dir.resolve("missing.json")).basicAuthorization("localhost:5000")).isEmpty();
  }

  @Test
  void aHelperEntryWithoutAuthIsNoLogin() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), """
        {"auths": {"localhost:5000": {}}, "credsStore": "desktop"}""");

    assertThat(new DockerCredentials(config).basicAuthorization("localhost:5000")).isEmpty();
  }

  @Test
  void aBrokenFileOrEntryIsReportedWithTheFileAndTheFix() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"auths\": ");
    assertThatThrownBy(() -> new DockerCredentials(broken).basicAuthorization("localhost:5000"))
        .hasMessageStartingWith("cannot read the registry logins in " + broken + ": ")
        .hasMessageEndingWith("; fix the file or log in again with `docker login localhost:5000`");

    Path notUserPassword = Files.writeString(dir.resolve("config.json"), """
        {"auths": {"localhost:5000": {"auth": "%s"}}}""".formatted(base64("no-colon")));
    assertThatThrownBy(() -> new DockerCredentials(notUserPassword).basicAuthorization("localhost:5000"))
        .hasMessage("the login for localhost:5000 in " + notUserPassword + " is not base64 of user:password; log in again"
            + " with `docker login localhost:5000`");
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
