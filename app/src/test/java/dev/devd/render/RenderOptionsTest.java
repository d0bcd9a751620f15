package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.devd.config.ConfigProblem;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderOptionsTest {
  @TempDir Path root;

  @Test
  void anImageJsonPathDevdCannotFollowIsReportedWithItsPlaceInDevdYaml() throws Exception {
    var config =
        new TestProject(root)
            .config(
                """
        images:
          - {ref: my-app, command: "true", deps: [.], matchInEnvVars: true}
        k8sKinds:
          - {kind: Rollout, imageJsonPath: ["{.spec.image}"]}
          - kind: Widget
            imageJsonPath: ["{.spec.image}", "{..image}"]
        """);

    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> RenderOptions.of(config));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            "devd.yaml:6:38: k8sKinds[1].imageJsonPath[1]: \"{..image}\" is not a"
                + " JSON path devd understands (recursive descent (..) is not supported); write it like {.spec.image} or"
                + " {.spec.containers[*].image}");
  }

  @Test
  void optionsCarryTheEnvVarImagesAndTheKinds() throws Exception {
    var config =
        new TestProject(root)
            .config(
                """
        images:
          - {ref: my-app, command: "true", deps: [.], matchInEnvVars: true}
          - {ref: api, command: "true", deps: [.]}
        k8sKinds:
          - {kind: Rollout, apiVersion: argoproj.io/v1alpha1, imageJsonPath: ["{.spec.image}"]}
        """);

    RenderOptions options = RenderOptions.of(config);

    assertThat(options.envVarImages()).containsExactly("my-app");
    assertThat(options.images().configuredRefs()).containsExactly("my-app", "api");
    assertThat(options.customKinds())
        .singleElement()
        .satisfies(
            kind -> {
              assertThat(kind.kind()).isEqualTo("Rollout");
              assertThat(kind.imagePaths())
                  .extracting(ImageJsonPath::text)
                  .containsExactly("{.spec.image}");
            });
  }
}
