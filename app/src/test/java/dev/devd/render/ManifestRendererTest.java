package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.image.ImageRef;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestRendererTest {
  @TempDir Path root;

  private RenderOptions options;

  private List<K8sResource> resources(String k8sYaml) throws Exception {
    TestProject project = new TestProject(root);
    project.write("k8s.yaml", k8sYaml);
    ProjectConfig config =
        project.config(
            """
        k8sYaml: [k8s.yaml]
        images:
          - {ref: my-app, command: "true", deps: [k8s.yaml]}
          - {ref: worker, command: "true", deps: [k8s.yaml]}
        """);
    options = RenderOptions.of(config);
    return new ResourceGrouper().group(new ManifestParser().parse(config), options);
  }

  private K8sObject render(K8sResource resource, Map<String, ImageRef> deployRefs) {
    return new ManifestRenderer().render(resource, deployRefs, options).objects().getFirst();
  }

  @Test
  void imagesWithoutARefToDeployStayAsTheYamlHasThem() throws Exception {
    K8sResource pod =
        resources(
                """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - {name: a, image: my-app, imagePullPolicy: Never}
            - {name: b, image: worker, imagePullPolicy: Never}
        """)
            .getFirst();

    K8sObject rendered =
        render(
            pod, Map.of("my-app", ImageRef.parse("localhost:5000/my-app:devd-0123456789abcdef")));

    List<Map<String, Object>> containers =
        RenderingLeavesInputTest.at(rendered.body(), "spec", "containers");
    assertThat(containers.get(0))
        .containsEntry("image", "localhost:5000/my-app:devd-0123456789abcdef")
        .containsEntry("imagePullPolicy", "IfNotPresent");
    assertThat(containers.get(1))
        .isSameAs(
            RenderingLeavesInputTest.<List<Object>>at(
                    pod.objects().getFirst().body(), "spec", "containers")
                .get(1));
    assertThat(new ManifestRenderer().render(pod, Map.of(), options).objects().getFirst().body())
        .as("only labels change without refs")
        .isNotEqualTo(pod.objects().getFirst().body());
  }

  @Test
  void objectsWithoutPodTemplateOrWithOddShapesGetLabelsAndNothingBreaks() throws Exception {
    List<K8sResource> resources =
        resources(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: empty}
        spec: {template: null}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: odd}
        spec: {template: {spec: {containers: [null, "text", {name: x}], initContainers: {not: a list}}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bare, labels: null}
        """);

    for (K8sResource resource : resources) {
      K8sObject rendered = render(resource, Map.of("my-app", ImageRef.parse("my-app:devd-1")));
      Map<String, Object> labels =
          RenderingLeavesInputTest.at(rendered.body(), "metadata", "labels");
      assertThat(labels)
          .containsEntry("devd.dev/resource", resource.labelValue())
          .containsEntry("app.kubernetes.io/managed-by", "devd");
    }
    K8sObject job = render(resources.get(1), Map.of());
    assertThat(RenderingLeavesInputTest.node(job.body(), "spec", "template", "spec"))
        .isEqualTo(
            RenderingLeavesInputTest.node(
                resources.get(1).objects().getFirst().body(), "spec", "template", "spec"));
  }

  @Test
  void renderingWhatWasRenderedChangesNothing() throws Exception {
    K8sResource pod =
        resources(
                """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web}}
        spec:
          containers: [{name: a, image: my-app}]
        """)
            .getFirst();
    Map<String, ImageRef> refs = Map.of("my-app", ImageRef.parse("my-app:devd-1"));
    K8sObject once = render(pod, refs);

    K8sObject twice = render(new K8sResource(pod.name(), List.of(once), pod.imageRefs()), refs);

    assertThat(twice.body()).isEqualTo(once.body());
    assertThat(RenderingLeavesInputTest.node(twice.body(), "metadata"))
        .as("labels already there: metadata not copied")
        .isSameAs(RenderingLeavesInputTest.at(once.body(), "metadata"));
  }
}
