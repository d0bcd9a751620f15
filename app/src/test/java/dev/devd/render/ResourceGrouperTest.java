package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceGrouperTest {
  @TempDir Path root;

  private List<K8sResource> group(String devdYaml, String k8sYaml) throws Exception {
    TestProject project = new TestProject(root);
    project.write("k8s.yaml", k8sYaml);
    ProjectConfig config = project.config(devdYaml);
    RenderOptions options = RenderOptions.of(config);
    return new ResourceGrouper().group(new ManifestParser().parse(config), options);
  }

  private static String deployment(String name, String namespace, String labels, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s%s}
        spec:
          selector: {matchLabels: %s}
          template:
            metadata: {labels: %s}
            spec: {containers: [{name: c, image: %s}]}
        ---
        """
        .formatted(
            name, namespace.isEmpty() ? "" : ", namespace: " + namespace, labels, labels, image);
  }

  private static String service(String name, String namespace, String selector) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s%s}
        spec: {selector: %s, ports: [{port: 80}]}
        ---
        """
        .formatted(name, namespace.isEmpty() ? "" : ", namespace: " + namespace, selector);
  }

  private static List<String> summary(List<K8sResource> resources) {
    return resources.stream()
        .map(
            r ->
                r.name()
                    + " "
                    + r.objects().stream().map(K8sObject::key).toList()
                    + " "
                    + r.imageRefs())
        .toList();
  }

  @Test
  void aServiceJoinsTheFirstWorkloadWhosePodLabelsItsSelectorMatches() throws Exception {
    List<K8sResource> resources =
        group(
            """
        k8sYaml: [k8s.yaml]
        images: [{ref: my-app, command: "true", deps: [k8s.yaml]}]
        """,
            service("front", "", "{app: web}")
                + deployment("web", "", "{app: web, tier: front}", "my-app")
                + deployment("web2", "", "{app: web}", "my-app")
                + service("narrow", "", "{app: web, tier: front}")
                + service("too-narrow", "", "{app: web, tier: back}")
                + service("shop-web", "shop", "{app: web}")
                + deployment("shop-web", "shop", "{app: web}", "nginx")
                + service("default-web", "default", "{app: web}"));

    assertThat(summary(resources))
        .containsExactly(
            "uncategorized [too-narrow:service] []",
            "web [web:deployment, front:service, narrow:service, default-web:service:default] [my-app]",
            "web2 [web2:deployment] [my-app]",
            "shop-web [shop-web:deployment:shop, shop-web:service:shop] []");
  }

  @Test
  void customKindsAreResourcesWhateverTheirApiVersionFormAndOthersAreUncategorized()
      throws Exception {
    List<K8sResource> resources =
        group(
            """
        k8sYaml: [k8s.yaml]
        images: [{ref: my-app, command: "true", deps: [k8s.yaml]}]
        k8sKinds:
          - {kind: Rollout, apiVersion: argoproj.io, imageJsonPath: ["{.spec.template.spec.containers[*].image}"]}
          - {kind: environment, imageJsonPath: ["{.spec.image}"]}
          - {kind: Widget, apiVersion: example.com/v2, imageJsonPath: ["{.spec.image}"]}
        """,
            """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: canary}
        spec: {template: {spec: {containers: [{name: c, image: "my-app:v1"}]}}}
        ---
        apiVersion: example.com/v1
        kind: Environment
        metadata: {name: preview}
        spec: {image: nginx}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: old-widget}
        spec: {image: my-app}
        """);

    assertThat(summary(resources))
        .containsExactly(
            "uncategorized [old-widget:widget] []",
            "canary [canary:rollout] [my-app]",
            "preview [preview:environment] []");
  }

  @Test
  void imageRefsAreTheConfiguredImagesTheResourceUsesInDevdYamlOrder() throws Exception {
    List<K8sResource> resources =
        group(
            """
        k8sYaml: [k8s.yaml]
        images:
          - {ref: base, command: "true", deps: [k8s.yaml]}
          - {ref: worker, command: "true", deps: [k8s.yaml], matchInEnvVars: true}
          - {ref: sidecar, command: "true", deps: [k8s.yaml]}
          - {ref: my-app, command: "true", deps: [k8s.yaml]}
          - {ref: unused, command: "true", deps: [k8s.yaml]}
        """,
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          initContainers: [{name: init, image: "my-app:init"}]
          containers:
            - name: app
              image: my-app
              env: [{name: W, value: "worker:v2"}, {name: S, value: sidecar}]
            - {name: proxy, image: "nginx"}
            - {name: app2, image: my-app}
        """);

    assertThat(summary(resources)).containsExactly("web [web:pod] [worker, my-app]");
  }

  @Test
  void noObjectsMeansNoResourcesAndNothingUncategorized() throws Exception {
    assertThat(
            group(
                """
        k8sYaml: [k8s.yaml]
        images: [{ref: my-app, command: "true", deps: [k8s.yaml]}]
        """,
                "# nothing yet\n"))
        .isEmpty();
  }
}
