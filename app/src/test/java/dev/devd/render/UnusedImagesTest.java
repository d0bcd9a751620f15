package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnusedImagesTest {
  private static final String YAML =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          spec:
            containers:
              - name: web
                image: "my-app:v1"
                env: [{name: WORKER, value: worker}]
              - {name: proxy, image: "localhost:5000/team/proxy"}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: canary}
      spec:
        template:
          spec:
            containers: [{name: c, image: "canary-app"}]
      """;

  @TempDir Path root;

  private List<String> warnings(String images) throws Exception {
    TestProject project = new TestProject(root);
    project.write("k8s/web.yaml", YAML);
    ProjectConfig config = project.config("k8sYaml: [k8s/web.yaml]\nimages:\n" + images);
    RenderOptions options = RenderOptions.of(config);
    ParsedManifests parsed = new ManifestParser().parse(config);
    return new UnusedImages()
        .warnings(config, parsed, new ResourceGrouper().group(parsed, options), options);
  }

  private static String image(String ref, String extra) {
    return "  - {ref: \"" + ref + "\", command: \"true\", deps: [k8s]" + extra + "}\n";
  }

  @Test
  void anUnusedImageNamesTheClosestRefInTheYaml() throws Exception {
    assertThat(warnings(image("my-app", "") + image("my-ap", "")))
        .containsExactly(
            "devd.yaml:4:11: images[1].ref: \"my-ap\" is not used by any Kubernetes YAML; did you mean \"my-app\" (k8s/web.yaml)?");
  }

  @Test
  void eachKindOfNearMissGetsItsOwnHint() throws Exception {
    assertThat(
            warnings(
                image("my-app:v2", "")
                    + image("worker", "")
                    + image("canary-app", "")
                    + image("localhost:5000/team/prxy", "")
                    + image("unrelated", "")
                    + image("base", "")
                    + image("web", ", imageDeps: [base]")
                    + image("team/proxy", "")))
        .containsExactly(
            "devd.yaml:3:11: images[0].ref: \"my-app:v2\" is not used by any Kubernetes YAML; the YAML uses \"my-app:v1\" (k8s/web.yaml);"
                + " a ref with a tag matches only that tag",
            "devd.yaml:4:11: images[1].ref: \"worker\" is not used by any Kubernetes YAML; it is an env value in k8s/web.yaml, which devd"
                + " replaces only with matchInEnvVars: true on this image",
            "devd.yaml:5:11: images[2].ref: \"canary-app\" is not used by any Kubernetes YAML; \"Rollout\" objects use it (k8s/web.yaml, at"
                + " {.spec.template.spec.containers[0].image}), and devd does not know where their images are; add the kind"
                + " to k8sKinds with that imageJsonPath",
            "devd.yaml:6:11: images[3].ref: \"localhost:5000/team/prxy\" is not used by any Kubernetes YAML; did you mean"
                + " \"localhost:5000/team/proxy\" (k8s/web.yaml)?",
            "devd.yaml:7:11: images[4].ref: \"unrelated\" is not used by any Kubernetes YAML; check the ref, and that k8sYaml names the"
                + " files that use it",
            "devd.yaml:9:11: images[6].ref: \"web\" is not used by any Kubernetes YAML; check the ref, and that k8sYaml names the files"
                + " that use it",
            "devd.yaml:10:11: images[7].ref: \"team/proxy\" is not used by any Kubernetes YAML; the YAML uses \"localhost:5000/team/proxy\""
                + " (k8s/web.yaml); the registry is part of the name, so write the ref as the YAML does");
  }

  @Test
  void usedImagesAndImagesOfAProjectWithoutKubernetesYamlGetNoWarning() throws Exception {
    assertThat(
            warnings(
                image("my-app", "")
                    + image("worker", ", matchInEnvVars: true")
                    + image("localhost:5000/team/proxy", "")))
        .isEmpty();

    TestProject project = new TestProject(root);
    ProjectConfig config = project.config("images:\n" + image("my-app", ""));
    RenderOptions options = RenderOptions.of(config);
    ParsedManifests parsed = new ManifestParser().parse(config);
    assertThat(new UnusedImages().warnings(config, parsed, List.of(), options)).isEmpty();
  }
}
