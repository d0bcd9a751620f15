package dev.devd.yamlsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.render.K8sObject;
import dev.devd.render.ManifestException;
import dev.devd.render.ManifestParser;
import dev.devd.render.ParsedManifests;
import dev.devd.render.RenderedYaml;
import dev.devd.testing.TestProject;
import dev.devd.testing.YamlFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML sources with the real tools: Helm's own code through helm-java, {@code kubectl
 * kustomize} (kubectl 1.32 is on devd's machines; kustomize itself is not), and commands run by
 * {@code sh}. The messages are the ones users read.
 */
class SourceRendererIT {
  @TempDir Path temp;
  private TestProject project;
  private final ProcessRunner runner = new ProcessRunner();

  @BeforeEach
  void setUp() {
    project = new TestProject(temp.resolve("project"));
    project.write("src/app.txt", "v1");
  }

  private ProjectConfig config(String k8sYaml) throws Exception {
    return project.config("images: [{ref: web, command: make, deps: [src/]}]\n" + k8sYaml);
  }

  private SourceRenderer renderer() {
    return new SourceRenderer(runner);
  }

  @Test
  void aLocalChartRendersWithItsSubchartValuesFileAndSet() throws Exception {
    YamlFixtures.writeShopChart(project);
    ProjectConfig config =
        config(
            """
        k8sYaml:
          - helm: {chart: deploy/chart, releaseName: shop, namespace: dev, values: [deploy/dev-values.yaml],
                   set: {replicas: 1}}
        """);

    List<RenderedYaml> rendered = renderer().render(config);
    ParsedManifests parsed = new ManifestParser().parse(config, rendered);

    assertThat(parsed.objects())
        .extracting(K8sObject::key)
        .as(
            "the subchart's ConfigMap is in, the test hook is not, and both got the release namespace")
        .containsExactly("shop-cache:configmap:dev", "shop-web:deployment:dev");
    K8sObject deployment = parsed.objects().get(1);
    assertThat(deployment.body().get("spec"))
        .asString()
        .contains("replicas=1", "value=hi from dev");
    assertThat(parsed.sourceInputs())
        .containsExactly(project.path("deploy/chart"), project.path("deploy/dev-values.yaml"));
    assertThat(deployment.source()).isEqualTo(project.path("deploy/chart"));
  }

  @Test
  void helmsOwnMessageComesUnderTheDevdYamlLineOfTheChart() throws Exception {
    YamlFixtures.writeShopChart(project);
    project.write("deploy/chart/templates/broken.yaml", "value: {{ .Values.missing.key }}\n");
    ProjectConfig config = config("k8sYaml:\n  - helm: deploy/chart\n");

    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> renderer().render(config));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            """
        devd.yaml:3:5: k8sYaml[0]: helm cannot render the chart "deploy/chart"; fix the chart or its values (Helm's \
        message follows)
          template: shop/templates/broken.yaml:1:17: executing "shop/templates/broken.yaml" at <.Values.missing.key>: \
        nil pointer evaluating interface {}.key""");
  }

  @Test
  void aKustomizeOverlayRendersThroughKubectlAndItsBaseIsAnInput() throws Exception {
    project.write("deploy/base/kustomization.yaml", "resources: [deployment.yaml]\n");
    project.write("deploy/base/deployment.yaml", YamlFixtures.deployment("web", "web", "base"));
    project.write(
        "deploy/overlays/dev/kustomization.yaml", "resources: [../../base]\nnamePrefix: dev-\n");
    ProjectConfig config = config("k8sYaml: [{kustomize: deploy/overlays/dev}]\n");

    List<RenderedYaml> rendered = renderer().render(config);

    assertThat(new ManifestParser().parse(config, rendered).objects())
        .extracting(K8sObject::key)
        .containsExactly("dev-web:deployment");
    assertThat(rendered.getFirst().inputs())
        .as("the files the overlay and its base name, not their whole folders")
        .containsExactly(
            project.path("deploy/overlays/dev/kustomization.yaml"),
            project.path("deploy/base/kustomization.yaml"),
            project.path("deploy/base/deployment.yaml"));
    assertThat(rendered.getFirst().shown()).isEqualTo("k8sYaml[0] (kustomize output)");
  }

  @Test
  void aKustomizationInTheProjectFolderHasOnlyTheFilesItNamesAsInputs() throws Exception {
    project.write("kustomization.yaml", "resources: [web.yaml]\n");
    project.write("web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
    project.write("builds.log", "build\n");
    ProjectConfig config = config("k8sYaml: [{kustomize: .}]\n");

    List<RenderedYaml> rendered = renderer().render(config);

    assertThat(rendered.getFirst().inputs())
        .as("a log written beside it renders nothing again")
        .containsExactly(project.path("kustomization.yaml"), project.path("web.yaml"));
  }

  @Test
  void kustomizeMissingFromPathSaysWhatToInstall() throws Exception {
    project.write("deploy/dev/kustomization.yaml", "resources: []\n");
    ProjectConfig config = config("k8sYaml:\n  - kustomize: deploy/dev\n");
    Path emptyPath = Files.createDirectories(temp.resolve("bin"));

    ManifestException e =
        catchThrowableOfType(
            ManifestException.class,
            () -> new SourceRenderer(runner, emptyPath.toString(), false).render(config));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            "devd.yaml:3:5: k8sYaml[0]: neither kustomize nor kubectl is on PATH, and "
                + "one of them renders \"deploy/dev\"; install kubectl, which has kustomize built in "
                + "(https://kubernetes.io/docs/tasks/tools/), or kustomize (https://kubectl.docs.kubernetes.io/installation/"
                + "kustomize/), then run devd again");
  }

  @Test
  void aBrokenKustomizationIsReportedInKustomizesWords() throws Exception {
    project.write("deploy/dev/kustomization.yaml", "resources: [missing.yaml]\n");
    ProjectConfig config = config("k8sYaml:\n  - kustomize: deploy/dev\n");

    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> renderer().render(config));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().getFirst().format())
        .startsWith(
            """
        devd.yaml:3:5: k8sYaml[0]: kubectl kustomize "deploy/dev" exited with 1; fix the kustomization (kubectl \
        kustomize says why below)
          accumulating resources: accumulation err='accumulating resources from 'missing.yaml'""");
  }

  @Test
  void aCommandsStdoutIsTheYamlAndItRunsInDevdYamlsFolder() throws Exception {
    project.write(
        "gen-yaml.sh",
        """
        #!/bin/sh
        echo "warning: generated" >&2
        cat <<EOF
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: from-$(basename "$PWD")}
        EOF
        """);
    project.path("gen-yaml.sh").toFile().setExecutable(true);
    ProjectConfig config = config("k8sYaml:\n  - {cmd: ./gen-yaml.sh, deps: [gen-yaml.sh]}\n");

    List<RenderedYaml> rendered = renderer().render(config);

    assertThat(new ManifestParser().parse(config, rendered).objects())
        .extracting(K8sObject::key)
        .containsExactly("from-project:configmap");
    assertThat(rendered.getFirst().inputs()).containsExactly(project.path("gen-yaml.sh"));
  }

  @Test
  void everySourceThatFailsIsReportedAtOnceWithItsOwnWords() throws Exception {
    project.write("deploy/dev/kustomization.yaml", "resources: []\n");
    ProjectConfig config =
        config(
            """
        k8sYaml:
          - cmd: "echo 'templates/web.tmpl: no such template' >&2; exit 3"
          - kustomize: deploy/dev
          - cmd: [./not-there.sh]
          - cmd: exit 1
        """);

    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> renderer().render(config));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            """
        devd.yaml:3:5: k8sYaml[0]: `echo 'templates/web.tmpl: no such template' >&2; exit 3` exited with 3; fix the \
        command; it must print Kubernetes YAML and exit with 0 (its stderr follows)
          templates/web.tmpl: no such template""",
            "devd.yaml:5:5: k8sYaml[2]: cannot start `./not-there.sh`: no such file "
                + project.path("not-there.sh")
                + "; check the path; a relative path starts in the command's working folder "
                + project.root(),
            "devd.yaml:6:5: k8sYaml[3]: `exit 1` exited with 1; fix the command; it must print Kubernetes YAML and exit "
                + "with 0 (it printed nothing on stderr)");
  }

  @Test
  void problemsInASourcesOutputNameTheEntryAndTheLineOfTheOutput() throws Exception {
    ProjectConfig config =
        config("k8sYaml:\n  - cmd: \"printf 'apiVersion: v1\\\\nmetadata: {name: x}\\\\n'\"\n");

    List<RenderedYaml> rendered = renderer().render(config);
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class, () -> new ManifestParser().parse(config, rendered));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            "k8sYaml[0] (cmd output):1: the object has no kind; add one, e.g. kind: Deployment");
  }

  @Test
  void filesAndSourcesKeepTheOrderWritten() throws Exception {
    project.write("k8s/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\n");
    ProjectConfig config =
        config(
            """
        k8sYaml:
          - cmd: "printf 'apiVersion: v1\\\\nkind: Secret\\\\nmetadata: {name: first}\\\\n'"
          - k8s/config.yaml
          - cmd: "sed s/second/third/ k8s/config.yaml"
        """);

    List<RenderedYaml> rendered = renderer().render(config);

    assertThat(new ManifestParser().parse(config, rendered).objects())
        .extracting(K8sObject::key)
        .containsExactly("first:secret", "second:configmap", "third:configmap");
  }

  @Test
  void anObjectThatAFileAndASourceBothDefineIsOneProblem() throws Exception {
    project.write("k8s/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n");
    ProjectConfig config = config("k8sYaml: [k8s/config.yaml, {cmd: cat k8s/config.yaml}]\n");

    List<RenderedYaml> rendered = renderer().render(config);
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class, () -> new ManifestParser().parse(config, rendered));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            "k8sYaml[1] (cmd output):1: shared:configmap is defined twice (first at k8s/config.yaml:1); Kubernetes keeps one object per kind, namespace and name; remove one of them");
  }
}
