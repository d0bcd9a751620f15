package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevdLabelsTest {
  private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "web, web",
    "uncategorized, uncategorized",
    "web:deployment, web_deployment",
    "web:deployment:default, web_deployment_default",
    "api.v2:statefulset:shop:apps, api.v2_statefulset_shop_apps",
  })
  void resourceNamesBecomeValidLabelValues(String name, String value) {
    assertThat(DevdLabels.resourceValue(name)).isEqualTo(value).matches(LABEL_VALUE);
  }

  @Test
  void aNameTooLongForALabelKeepsItsStartAndGetsAHash() {
    String name =
        "a-very-long-deployment-name-that-goes-on-and-on:deployment:a-long-namespace-name:apps";
    String other = name.replace(":apps", ":extensions");

    String value = DevdLabels.resourceValue(name);

    assertThat(value)
        .hasSizeLessThanOrEqualTo(63)
        .matches(LABEL_VALUE)
        .startsWith("a-very-long-deployment-name");
    assertThat(DevdLabels.resourceValue(other)).isNotEqualTo(value).hasSizeLessThanOrEqualTo(63);
    assertThat(DevdLabels.resourceValue(name)).as("stable").isEqualTo(value);
  }

  @Test
  void theLabelsAreManagedByAndResource() {
    assertThat(DevdLabels.forResource("web:deployment"))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("app.kubernetes.io/managed-by", "devd"),
            org.assertj.core.api.Assertions.entry("devd.dev/resource", "web_deployment"));
  }
}
