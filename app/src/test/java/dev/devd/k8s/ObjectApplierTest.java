package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decisions ObjectApplier makes from what it reads back and what the server answers. */
class ObjectApplierTest {
  private static final Map<String, Object> LIVE =
      Map.of(
          "metadata",
              Map.of(
                  "name",
                  "web",
                  "uid",
                  "u-1",
                  "resourceVersion",
                  "7",
                  "labels",
                  Map.of("a", "b", "added", "x")),
          "spec",
              Map.of(
                  "replicas",
                  1L,
                  "ports",
                  List.of(Map.of("port", 80, "protocol", "TCP")),
                  "cpu",
                  "1",
                  "containers",
                  List.of(
                      Map.of(
                          "name", "main", "image", "web:1", "terminationMessagePath", "/dev/x"))),
          "status", Map.of("ready", 1));

  @Test
  void whatTheServerAddedDoesNotCountAsAChange() {
    Map<String, Object> desired =
        Map.of(
            "metadata", Map.of("name", "web", "labels", Map.of("a", "b")),
            "spec",
                Map.of(
                    "replicas",
                    1,
                    "ports",
                    List.of(Map.of("port", 80)),
                    "cpu",
                    1,
                    "containers",
                    List.of(Map.of("name", "main", "image", "web:1"))));
    assertThat(ObjectApplier.alreadyHas(LIVE, desired)).isTrue();
  }

  @Test
  void aChangedValueAMissingKeyOrAnotherListLengthIsAChange() {
    assertThat(
            ObjectApplier.alreadyHas(
                LIVE,
                Map.of(
                    "spec",
                    Map.of("containers", List.of(Map.of("name", "main", "image", "web:2"))))))
        .isFalse();
    assertThat(ObjectApplier.alreadyHas(LIVE, Map.of("spec", Map.of("paused", true)))).isFalse();
    assertThat(
            ObjectApplier.alreadyHas(
                LIVE,
                Map.of("spec", Map.of("ports", List.of(Map.of("port", 80), Map.of("port", 443))))))
        .isFalse();
    assertThat(ObjectApplier.alreadyHas(LIVE, Map.of("spec", Map.of("replicas", 2)))).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Job.batch "migrate" is invalid: spec.template: Invalid value: core.PodTemplateSpec{}: field is immutable | true
      Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{}: field is immutable | true
      Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image` | true
      StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicases' are forbidden | true
      Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0 | false
      """)
  void recognisesTheAnswersToAChangeOfAFixedField(String message, boolean immutable) {
    assertThat(ObjectApplier.isImmutableFieldError(failure(422, message))).isEqualTo(immutable);
  }

  @Test
  void anImmutableFieldErrorIsA422() {
    assertThat(
            ObjectApplier.isImmutableFieldError(failure(400, "spec.selector: field is immutable")))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      415 | Unsupported Media Type | true
      415 | the body of the request was in an unknown format - accepted media types include: application/json-patch+json | true
      405 | the server does not allow this method on the requested resource | true
      400 | unsupported media type "application/apply-patch+yaml" | true
      400 | Deployment in version "v1" cannot be handled as a Deployment | false
      409 | Apply failed with 1 conflict | false
      """)
  void recognisesAServerWithoutServerSideApply(int code, String message, boolean rejected) {
    assertThat(ObjectApplier.isApplyPatchRejected(failure(code, message))).isEqualTo(rejected);
  }

  private static KubernetesClientException failure(int code, String message) {
    Status status =
        new StatusBuilder().withCode(code).withStatus("Failure").withMessage(message).build();
    return new KubernetesClientException(status);
  }
}
