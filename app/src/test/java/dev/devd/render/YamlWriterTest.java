package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlWriterTest {

  private static K8sObject configMap(Map<String, Object> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "ConfigMap");
    body.put("metadata", Map.of("name", "c"));
    body.put("data", data);
    return new K8sObject("v1", "ConfigMap", "c", Optional.empty(), body, Path.of("c.yaml"));
  }

  /**
   * Strings a YAML 1.1 reader (kubectl, podman) would take for something else must come out quoted.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "yes",
        "Yes",
        "YES",
        "no",
        "NO",
        "on",
        "ON",
        "off",
        "y",
        "n",
        "Y",
        "N",
        "true",
        "True",
        "FALSE",
        "null",
        "Null",
        "NULL",
        "~",
        "",
        "0644",
        "08",
        "1.10",
        "1e3",
        ".5",
        "0x1F",
        "0o17",
        "0b101",
        "1_000",
        "+1",
        "-2",
        "1:30",
        ".inf",
        "-.Inf",
        ".NaN",
        "2024-01-01",
        "2001-12-14t21:59:43.10-05:00"
      })
  void writesStringsThatLookLikeOtherTypesQuotedAndReadsThemBackAsStrings(String value)
      throws Exception {
    String yaml = new YamlWriter().write(List.of(configMap(Map.of("value", value))));

    assertThat(yaml).containsAnyOf("value: \"" + value + "\"", "value: '" + value + "'");
    List<ManifestYamlReader.Document> back = readBack(yaml);
    assertThat(RenderingLeavesInputTest.node(back.getFirst().value(), "data", "value"))
        .isEqualTo(value);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "my-app",
        "localhost:5000/my-app:devd-3f2a9c01d2e4b7a6",
        "1Gi",
        "500m",
        "v1.2.3",
        "debug",
        "http://example.com/x",
        "app.kubernetes.io/name"
      })
  void writesOrdinaryStringsPlain(String value) {
    String yaml = new YamlWriter().write(List.of(configMap(Map.of("value", value))));
    assertThat(yaml).contains("value: " + value + "\n");
  }

  @Test
  void roundTripsEveryKindOfValueInKeyOrder() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("zeta", "first key stays first");
    data.put("alpha", 1);
    data.put("big", new java.math.BigInteger("12345678901234567890"));
    data.put("half", 0.5);
    data.put("flag", false);
    data.put("nothing", null);
    data.put("script", "#!/bin/sh\necho 'hi' # not a comment\n");
    data.put("list", new ArrayList<>(java.util.Arrays.asList("a", null, 2)));
    data.put("empty map", Map.of());
    data.put("empty list", List.of());
    data.put("key: with colon", "value: with colon");
    K8sObject object = configMap(data);

    String yaml = new YamlWriter().write(List.of(object, object));

    List<ManifestYamlReader.Document> back = readBack(yaml);
    assertThat(back).hasSize(2);
    assertThat(back.get(0).value()).isEqualTo(object.body());
    assertThat(back.get(1).value()).isEqualTo(object.body());
    Map<String, Object> readData = RenderingLeavesInputTest.at(back.getFirst().value(), "data");
    assertThat(readData.keySet()).containsExactlyElementsOf(data.keySet());
    assertThat(yaml).startsWith("---\napiVersion: v1\nkind: ConfigMap\n").contains("script: |\n");
  }

  @Test
  void writesNothingForNoObjects() {
    assertThat(new YamlWriter().write(List.of())).isEmpty();
  }

  private static List<ManifestYamlReader.Document> readBack(String yaml) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<ManifestYamlReader.Document> documents =
        new ManifestYamlReader("written.yaml", problems).read(yaml);
    assertThat(problems).isEmpty();
    return documents;
  }
}
