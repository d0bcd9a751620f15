package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageJsonPathTest {
  private static final Map<String, Object> BODY =
      K8sObject.freeze(
          Map.of(
              "spec",
              Map.of(
                  "image", "my-app",
                  "count", 3,
                  "workers",
                      List.of(
                          Map.of("image", "a"), Map.of("image", "b"), Map.of("name", "no image")),
                  "odd.key", Map.of("image", "c"),
                  "template",
                      Map.of("spec", Map.of("containers", List.of(Map.of("image", "d")))))));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{.spec.image}                                  | my-app",
        "{ .spec.image }                                | my-app",
        ".spec.image                                    | my-app",
        "spec.image                                     | my-app",
        "$.spec.image                                   | my-app",
        "{.spec.workers[*].image}                       | a,b",
        "{.spec.workers[0].image}                       | a",
        "{.spec.workers[-2].image}                      | b",
        "{.spec.workers[7].image}                       | ''",
        "{.spec['odd.key'].image}                       | c",
        "{.spec[\"odd.key\"].image}                     | c",
        "{.spec.template.spec.containers[*].image}      | d",
        "{.spec.count}                                  | ''",
        "{.spec.missing.image}                          | ''",
        "{.spec.image[*]}                               | ''",
      })
  void readsTheStringsAtThePath(String path, String expected) {
    List<String> found = ImageJsonPath.parse(path).read(BODY);
    assertThat(found)
        .containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                    | it is empty",
        "{}                                    | it is empty",
        "{.spec.image                          | its braces do not match",
        "{.spec..image}                        | recursive descent (..) is not supported",
        "{.spec.containers[?(@.name==\"x\")].image} | filters ([?(...)]) are not supported",
        "{.spec.containers[1:2].image}         | [1:2] is not supported; use [*], [N] or ['key']",
        "{.spec.containers[name].image}        | [name] is not supported; use [*], [N] or ['key']",
        "{.spec.containers[0.image}            | the [ at 17 is not closed",
        "{.spec.*}                             | wildcard keys (.*) are not supported; use [*] on a list",
        "{.spec.image.}                        | a key is missing after the dot at 12",
        "{.spec.my image}                      | \"my image\" is not a plain key; write odd keys as ['my image']",
      })
  void rejectsWhatItDoesNotSupportSayingWhy(String path, String reason) {
    assertThatThrownBy(() -> ImageJsonPath.parse(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(reason);
  }

  @Test
  void replacesOnlyWhatTheEditChangesAndSharesTheRest() {
    ImageJsonPath path = ImageJsonPath.parse("{.spec.workers[*].image}");

    Map<String, Object> edited = path.replace(BODY, image -> image.equals("b") ? "b2" : image);

    assertThat(path.read(edited)).containsExactly("a", "b2");
    assertThat(ImageJsonPath.parse("{.spec.image}").read(edited)).containsExactly("my-app");
    List<?> before = RenderingLeavesInputTest.at(BODY, "spec", "workers");
    List<?> after = RenderingLeavesInputTest.at(edited, "spec", "workers");
    assertThat(after.get(0)).isSameAs(before.get(0));
    assertThat(after.get(1)).isNotSameAs(before.get(1));
    assertThat(RenderingLeavesInputTest.node(edited, "spec", "template"))
        .isSameAs(RenderingLeavesInputTest.at(BODY, "spec", "template"));
    assertThat(path.read(BODY)).as("the input is unchanged").containsExactly("a", "b");
  }

  @Test
  void anEditThatChangesNothingReturnsTheSameTree() {
    assertThat(ImageJsonPath.parse("{.spec.workers[1].image}").replace(BODY, image -> image))
        .isSameAs(BODY);
    assertThat(ImageJsonPath.parse("{.spec.missing[0].image}").replace(BODY, image -> "x"))
        .isSameAs(BODY);
  }
}
