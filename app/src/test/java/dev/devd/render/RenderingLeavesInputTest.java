package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §5: the YAML is parsed once per config load, and rendering never changes the parsed objects.
 */
class RenderingLeavesInputTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "deployment",
        "cronjob",
        "init-containers",
        "env-values",
        "crd-kind",
        "service-joins",
        "overrides-deployment",
        "overrides-statefulset",
        "overrides-pod"
      })
  void renderingLeavesTheParsedObjectsAsTheyWere(String name) throws Exception {
    RenderCase renderCase = RenderCase.load(name);
    List<Object> before = renderCase.parsed.objects().stream().map(o -> thaw(o.body())).toList();
    String textBefore = new YamlWriter().write(renderCase.parsed.objects());

    String first = renderCase.render();
    String second = renderCase.render();

    List<Object> after = renderCase.parsed.objects().stream().map(o -> thaw(o.body())).toList();
    assertThat(after).isEqualTo(before);
    assertThat(new YamlWriter().write(renderCase.parsed.objects()))
        .as("same keys in the same order")
        .isEqualTo(textBefore);
    assertThat(second)
        .as("rendering twice from the same input gives the same text")
        .isEqualTo(first);
  }

  @Test
  void renderedObjectsDifferFromTheirInputAndShareWhatDidNotChange() throws Exception {
    RenderCase renderCase = RenderCase.load("service-joins");
    K8sResource web = renderCase.resource("web");
    RenderedManifests rendered =
        new ManifestRenderer().render(web, renderCase.deployRefs(), renderCase.options);

    K8sObject deployment = web.objects().getFirst();
    K8sObject renderedDeployment = rendered.objects().getFirst();
    assertThat(renderedDeployment.body()).isNotEqualTo(deployment.body());
    // The selector was not edited, so the rendered tree holds the very same map: nothing was copied
    // for it.
    assertThat(node(renderedDeployment.body(), "spec", "selector"))
        .isSameAs(at(deployment.body(), "spec", "selector"));
    assertThat(node(renderedDeployment.body(), "spec", "template", "spec", "containers"))
        .isNotSameAs(at(deployment.body(), "spec", "template", "spec", "containers"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parsedAndRenderedTreesRejectChangesAtEveryLevel() throws Exception {
    RenderCase renderCase = RenderCase.load("deployment");
    K8sObject parsed = renderCase.parsed.objects().getFirst();
    K8sObject rendered =
        new ManifestRenderer()
            .render(renderCase.resources.getFirst(), renderCase.deployRefs(), renderCase.options)
            .objects()
            .getFirst();
    for (K8sObject object : List.of(parsed, rendered)) {
      Map<String, Object> body = object.body();
      assertThatThrownBy(() -> body.put("kind", "Pod"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> body.remove("spec"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> body.entrySet().iterator().next().setValue("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      Map<String, Object> labels = at(body, "spec", "template", "metadata", "labels");
      assertThatThrownBy(labels::clear).isInstanceOf(UnsupportedOperationException.class);
      List<Object> containers = at(body, "spec", "template", "spec", "containers");
      assertThatThrownBy(() -> containers.add(Map.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> containers.set(0, Map.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      Map<String, Object> container = (Map<String, Object>) (Object) containers.getFirst();
      assertThatThrownBy(() -> container.put("image", "evil"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBodyBuiltFromMutableMapsIsCopiedSoLaterChangesToThemDoNotLeakIn() {
    Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", "web"));
    List<Object> items = new ArrayList<>(List.of("a"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("metadata", metadata);
    body.put("items", items);
    K8sObject object =
        new K8sObject("v1", "ConfigMap", "web", Optional.empty(), body, Path.of("x"));

    metadata.put("name", "changed");
    items.add("b");

    assertThat(node(object.body(), "metadata", "name")).isEqualTo("web");
    assertThat((List<Object>) at(object.body(), "items")).containsExactly("a");
  }

  /** The node at these keys, as an Object (for assertions that compare nodes). */
  static Object node(Object tree, String... keys) {
    return at(tree, keys);
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object tree, String... keys) {
    Object node = tree;
    for (String key : keys) node = ((Map<String, Object>) node).get(key);
    return (T) node;
  }

  /** A deep copy in plain mutable collections, which compares by value with any map or list. */
  private static Object thaw(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, thaw(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(RenderingLeavesInputTest::thaw).toList());
    }
    return value;
  }
}
