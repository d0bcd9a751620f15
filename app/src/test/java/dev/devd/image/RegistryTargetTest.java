package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.config.ImageConfig;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryTargetTest {

  @ParameterizedTest(name = "{0} under {1} → {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      gcr.io/team/web              | localhost:5000     | localhost:5000/gcr.io_team_web
      web                          | localhost:5000     | localhost:5000/web
      web:v1                       | localhost:5000     | localhost:5000/web:v1
      team/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | localhost:5000 | localhost:5000/team_web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      localhost:5001/web           | 127.0.0.1:5000     | 127.0.0.1:5000/localhost_5001_web
      localhost:5000/team/web      | localhost:5000     | localhost:5000/team_web
      localhost:5000/web           | localhost:5000     | localhost:5000/web
      web                          | gcr.io/my-project  | gcr.io/my-project/web
      gcr.io/my-project/web        | gcr.io/my-project  | gcr.io/my-project/web
      docker.io/library/nginx      | registry.local:80  | registry.local:80/docker.io_library_nginx
      """)
  void rewritesTheNameUnderTheRegistryWithSlashesAndColonsAsUnderscores(
      String image, String registry, String expected) {
    RegistryTarget target = new RegistryTarget(Optional.of(registry));

    assertThat(target.rewrite(ImageRef.parse(image))).hasToString(expected);
  }

  @Test
  void leavesNamesAloneWithoutARegistry() {
    assertThat(RegistryTarget.none().rewrite(ImageRef.parse("gcr.io/team/web:v1")))
        .hasToString("gcr.io/team/web:v1");
  }

  @Test
  void theClusterRegistryWinsOverTheDefaultRegistry() {
    assertThat(
            RegistryTarget.of(Optional.of("localhost:5000"), Optional.of("localhost:5001"))
                .registry())
        .contains("localhost:5001");
    assertThat(RegistryTarget.of(Optional.of("localhost:5000"), Optional.empty()).registry())
        .contains("localhost:5000");
    assertThat(RegistryTarget.of(Optional.empty(), Optional.empty()).registry()).isEmpty();
  }

  @Test
  void expectedRefIsTheRewrittenNameWithTheBuildTag(@TempDir Path dir) throws Exception {
    ImageConfig image = image(dir, "gcr.io/team/web:v1");

    assertThat(
            new RegistryTarget(Optional.of("localhost:5000"))
                .expectedRef(image, "devd-build-1732312345"))
        .hasToString("localhost:5000/gcr.io_team_web:devd-build-1732312345");
    assertThat(RegistryTarget.none().expectedRef(image, "devd-build-1732312345"))
        .hasToString("gcr.io/team/web:devd-build-1732312345");
  }

  @Test
  void tellsTheBuildTheRegistryAndItsHost() {
    assertThat(new RegistryTarget(Optional.of("gcr.io/my-project")).environment())
        .containsExactly(
            Map.entry("EXPECTED_REGISTRY", "gcr.io/my-project"),
            Map.entry("REGISTRY_HOST", "gcr.io"));
    assertThat(new RegistryTarget(Optional.of("localhost:5000")).environment())
        .containsExactly(
            Map.entry("EXPECTED_REGISTRY", "localhost:5000"),
            Map.entry("REGISTRY_HOST", "localhost:5000"));
    assertThat(RegistryTarget.none().environment()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      http://localhost:5000 | invalid registry "http://localhost:5000": write the host without a scheme, e.g. localhost:5000
      localhost:5000/       | invalid registry "localhost:5000/": remove the trailing /
      myregistry            | invalid registry "myregistry": "myregistry" is not a registry host; give a domain or a port (e.g. myregistry:5000), or localhost
      gcr.io/My-Project     | invalid registry "gcr.io/My-Project": repository must be lowercase
      """)
  void rejectsARegistryItCannotPutImagesUnder(String registry, String message) {
    assertThatThrownBy(() -> new RegistryTarget(Optional.of(registry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static ImageConfig image(Path dir, String ref) throws Exception {
    TestProject project = new TestProject(dir);
    project.write("src/a.txt", "a");
    return project
        .config(
            """
        images:
          - ref: %s
            command: "true"
            deps: [src]
        """
                .formatted(ref))
        .images()
        .getFirst();
  }
}
