package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tilt's naming rule (tilt-dev/tilt internal/k8s/names.go): the shortest name no other workload
 * could also take.
 */
class ResourceNamerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // workloads: name kind [namespace] [apiVersion], separated by ';' | names, in order
        "web Deployment                                               | web",
        "Web Deployment                                               | web",
        "web Deployment; api Deployment                               | web; api",
        "web Deployment; web StatefulSet                              | web:deployment; web:statefulset",
        "web Deployment; web Deployment other                         | web:deployment:default; web:deployment:other",
        "web Deployment; web StatefulSet; web Deployment other        | web:deployment:default; web:statefulset; "
            + "web:deployment:other",
        "web Deployment a apps/v1; web Deployment a extensions/v1beta1 | web:deployment:a:apps; "
            + "web:deployment:a:extensions",
        "web Pod; web Pod x v1                                        | web:pod:default; web:pod:x",
        "web Pod; web Pod x v1; web Job                               | web:pod:default; web:pod:x; web:job",
        "web Environment - example.com/v1; web Deployment             | web:environment; web:deployment",
        "uncategorized Deployment                                     | uncategorized:deployment",
      })
  void namesEachWorkloadByItsShortestUniqueName(String workloads, String expected) {
    List<K8sObject> objects =
        Arrays.stream(workloads.split(";"))
            .map(String::strip)
            .map(ResourceNamerTest::object)
            .toList();
    List<String> names = ResourceNamer.names(objects, Set.of(K8sResource.UNCATEGORIZED));
    assertThat(names).containsExactly(expected.split(";\\s*"));
  }

  private static K8sObject object(String text) {
    String[] parts = text.split("\\s+");
    String namespace = parts.length > 2 && !parts[2].equals("-") ? parts[2] : null;
    String apiVersion =
        parts.length > 3
            ? parts[3]
            : switch (parts[1]) {
              case "Pod" -> "v1";
              case "Job", "CronJob" -> "batch/v1";
              default -> "apps/v1";
            };
    Map<String, Object> metadata =
        namespace == null
            ? Map.of("name", parts[0])
            : Map.of("name", parts[0], "namespace", namespace);
    return new K8sObject(
        apiVersion,
        parts[1],
        parts[0],
        Optional.ofNullable(namespace),
        Map.of("apiVersion", apiVersion, "kind", parts[1], "metadata", metadata),
        Path.of("k8s.yaml"));
  }
}
