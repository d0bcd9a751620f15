package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryClientTest {

  private static String error(String body) {
    return RegistryClient.registryError(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotesTheRegistrysOwnErrorCodeAndMessage() {
    assertThat(
            error(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}"))
        .isEqualTo("MANIFEST_UNKNOWN: manifest unknown");
    assertThat(error("{\"errors\":[{\"code\":\"DENIED\"}]}")).isEqualTo("DENIED");
  }

  @Test
  void fallsBackToTheStartOfABodyThatIsNotARegistryError() {
    assertThat(error("<html>\n  <body>Bad Gateway</body>\n</html>"))
        .isEqualTo("<html> <body>Bad Gateway</body> </html>");
    assertThat(error("x".repeat(300))).hasSize(201).endsWith("…");
    assertThat(RegistryClient.registryError(new byte[0])).isEmpty();
  }

  @Test
  void theDigestOfAManifestIsTheSha256OfItsBytes() {
    assertThat(RegistryClient.sha256("{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void loopbackRegistriesAreReachedOverHttpAndOthersOverHttps() {
    assertThat(
            RegistryClient.Endpoint.of(ImageRef.parse("localhost:5000/web:v1")).manifestUri("v1"))
        .hasToString("http://localhost:5000/v2/web/manifests/v1");
    assertThat(
            RegistryClient.Endpoint.of(ImageRef.parse("127.0.0.1:5000/team/web:v1"))
                .manifestUri("v1"))
        .hasToString("http://127.0.0.1:5000/v2/team/web/manifests/v1");
    assertThat(RegistryClient.Endpoint.of(ImageRef.parse("[::1]:5000/web:v1")).manifestUri("v1"))
        .hasToString("http://[::1]:5000/v2/web/manifests/v1");
    assertThat(RegistryClient.Endpoint.of(ImageRef.parse("gcr.io/team/web:v1")).manifestUri("v1"))
        .hasToString("https://gcr.io/v2/team/web/manifests/v1");
    assertThat(
            RegistryClient.Endpoint.of(ImageRef.parse("localhost.example.com/web:v1"))
                .manifestUri("v1"))
        .hasToString("https://localhost.example.com/v2/web/manifests/v1");
  }

  @Test
  void dockerHubRefsGoToItsApiHostWithLibraryForOfficialImages() {
    assertThat(RegistryClient.Endpoint.of(ImageRef.parse("nginx:1.27")).manifestUri("1.27"))
        .hasToString("https://registry-1.docker.io/v2/library/nginx/manifests/1.27");
    assertThat(
            RegistryClient.Endpoint.of(ImageRef.parse("docker.io/team/web:v1")).manifestUri("v1"))
        .hasToString("https://registry-1.docker.io/v2/team/web/manifests/v1");
  }
}
