package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each case folder of {@code src/test/resources/render/} and compares with its {@code
 * expected.yaml}. To rewrite the golden files after a deliberate change, run with {@code
 * -Ddevd.regenerateGolden=true} and review the diff before committing.
 */
class ManifestRendererGoldenTest {
  private static final boolean REGENERATE = Boolean.getBoolean("devd.regenerateGolden");

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "deployment",
        "statefulset",
        "cronjob",
        "init-containers",
        "env-values",
        "crd-kind",
        "service-joins",
        "uncategorized",
        "tagged-ref",
        "same-name",
        "overrides-deployment",
        "overrides-statefulset",
        "overrides-pod"
      })
  void rendersWhatTheGoldenFileHolds(String name) throws Exception {
    RenderCase renderCase = RenderCase.load(name);
    String rendered = renderCase.render();
    if (REGENERATE) Files.writeString(renderCase.expected(), rendered);
    assertThat(renderCase.hasExpected())
        .as("%s exists (run with -Ddevd.regenerateGolden=true to write it)", renderCase.expected())
        .isTrue();
    assertThat(rendered).isEqualTo(Files.readString(renderCase.expected()));
  }
}
