package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms of a {@code k8sYaml} entry (SPEC §11.1) and the exact lines the user reads about
 * mistakes in them.
 */
class YamlSourcesConfigTest {
  @TempDir Path root;
  TestProject project;

  @BeforeEach
  void createProject() {
    project =
        new TestProject(root)
            .with(
                "src/",
                "k8s/app.yaml",
                "deploy/chart/Chart.yaml",
                "deploy/chart/values.yaml",
                "deploy/dev-values.yaml",
                "deploy/overlays/dev/kustomization.yaml",
                "gen-yaml.sh",
                "templates/",
                "notes/");
  }

  private static String withImage(String k8sYaml) {
    return "images: [{ref: web, command: make, deps: [src/]}]\n" + k8sYaml;
  }

  @Test
  void readsEveryFormInTheOrderWritten() throws ConfigException {
    ProjectConfig config =
        project.load(
            withImage(
                """
        k8sYaml:
          - k8s/*.yaml
          - helm: {chart: deploy/chart, releaseName: web, namespace: dev,
                   values: [deploy/dev-values.yaml], set: {replicas: 1, image.tag: dev}}
          - kustomize: deploy/overlays/dev
          - cmd: ./gen-yaml.sh
            deps: [gen-yaml.sh, templates/]
          - helm: deploy/chart
        """));

    assertThat(config.k8sYaml())
        .containsExactly(
            new YamlSource.Files("k8s/*.yaml", 0, new SourceLocation(3, 5, "k8sYaml[0]")),
            new YamlSource.Helm(
                root.resolve("deploy/chart"),
                "web",
                Optional.of("dev"),
                List.of(root.resolve("deploy/dev-values.yaml")),
                Map.of("replicas", "1", "image.tag", "dev"),
                1,
                new SourceLocation(4, 5, "k8sYaml[1]")),
            new YamlSource.Kustomize(
                root.resolve("deploy/overlays/dev"), 2, new SourceLocation(6, 5, "k8sYaml[2]")),
            new YamlSource.Command(
                Cmd.shell("./gen-yaml.sh"),
                List.of(root.resolve("gen-yaml.sh"), root.resolve("templates")),
                3,
                new SourceLocation(7, 5, "k8sYaml[3]")),
            new YamlSource.Helm(
                root.resolve("deploy/chart"),
                "chart",
                Optional.empty(),
                List.of(),
                Map.of(),
                4,
                new SourceLocation(9, 5, "k8sYaml[4]")));
    assertThat(config.k8sYamlFiles()).containsExactly("k8s/*.yaml");
    assertThat(((YamlSource.Helm) config.k8sYaml().get(1)).inputs())
        .containsExactly(root.resolve("deploy/chart"), root.resolve("deploy/dev-values.yaml"));
  }

  @Test
  void aSingleStringIsAListOfOne() throws ConfigException {
    assertThat(project.load(withImage("k8sYaml: k8s/app.yaml\n")).k8sYamlFiles())
        .containsExactly("k8s/app.yaml");
  }

  @Test
  void helmChartProblems() {
    project.with("deploy/not-a-chart/README.md", "deploy/My_Chart/Chart.yaml");
    assertThat(
            project.problems(
                withImage(
                    """
        k8sYaml:
          - helm: {chart: deploy/chrat}
          - helm: {chart: deploy/not-a-chart}
          - helm: {chart: deploy/chart/values.yaml}
          - helm: {chart: deploy/chart, values: [deploy/prod-values.yaml]}
          - helm: {chart: deploy/My_Chart}
          - helm: {chart: deploy/chart, releaseName: Web_1, namespace: Dev}
          - helm: {chart: deploy/chart, set: {image: {tag: dev}, replicas: , "": x}}
          - helm: {values: [deploy/dev-values.yaml], valeus: []}
        """)))
        .containsExactly(
            "devd.yaml:3:19: k8sYaml[0].helm.chart: \"deploy/chrat\" does not exist in ROOT; create it or fix the path",
            "devd.yaml:4:19: k8sYaml[1].helm.chart: \"deploy/not-a-chart\" holds no Chart.yaml, so it is not a Helm chart; "
                + "point chart: at the folder that holds Chart.yaml",
            "devd.yaml:5:19: k8sYaml[2].helm.chart: \"deploy/chart/values.yaml\" is a file, not a chart folder; point chart: "
                + "at the folder that holds Chart.yaml",
            "devd.yaml:6:42: k8sYaml[3].helm.values[0]: \"deploy/prod-values.yaml\" does not exist in ROOT; create it or "
                + "fix the path",
            "devd.yaml:7:19: k8sYaml[4].helm.chart: the chart's folder name \"My_Chart\" is not a valid release name, and "
                + "devd uses it when releaseName is not set; set releaseName:, e.g. releaseName: web",
            "devd.yaml:8:46: k8sYaml[5].helm.releaseName: invalid release name \"Web_1\": use lower-case letters, digits, - "
                + "and ., starting and ending with a letter or digit; write e.g. releaseName: web",
            "devd.yaml:8:64: k8sYaml[5].helm.namespace: invalid namespace \"Dev\"; write up to 63 lower-case letters, digits "
                + "and -, starting and ending with a letter or digit, e.g. namespace: dev",
            "devd.yaml:9:46: k8sYaml[6].helm.set.image: expected a value (a string, number or boolean); nested values are set "
                + "with dotted keys, got a mapping; write e.g. set: {image.tag: dev}",
            "devd.yaml:9:58: k8sYaml[6].helm.set.replicas: replicas has no value; write replicas: \"\" for an empty value, "
                + "or remove it",
            "devd.yaml:9:70: k8sYaml[6].helm.set[\"\"]: invalid value key \"\"; write a key such as image.tag, without \"=\"",
            "devd.yaml:10:11: k8sYaml[7].helm: missing \"chart\"; add the chart's folder, e.g. chart: deploy/chart",
            "devd.yaml:10:46: k8sYaml[7].helm.valeus: unknown key \"valeus\"; did you mean \"values\"?");
  }

  @Test
  void kustomizeProblems() {
    assertThat(
            project.problems(
                withImage(
                    """
        k8sYaml:
          - kustomize: deploy/overlays/prod
          - kustomize: deploy/overlays
          - kustomize: gen-yaml.sh
          - kustomize: [deploy/overlays/dev]
        """)))
        .containsExactly(
            "devd.yaml:3:16: k8sYaml[0].kustomize: \"deploy/overlays/prod\" does not exist in ROOT; create it or fix the path",
            "devd.yaml:4:16: k8sYaml[1].kustomize: \"deploy/overlays\" holds no kustomization.yaml; point kustomize: at the "
                + "folder that holds it",
            "devd.yaml:5:16: k8sYaml[2].kustomize: \"gen-yaml.sh\" is a file, not a folder; point kustomize: at the folder "
                + "that holds kustomization.yaml",
            "devd.yaml:6:16: k8sYaml[3].kustomize: expected a folder, got a list; write e.g. kustomize: deploy/overlays/dev");
  }

  @Test
  void cmdProblems() {
    assertThat(
            project.problems(
                withImage(
                    """
        k8sYaml:
          - cmd: ""
          - cmd: ./gen-yaml.sh
            deps: [gen-yaml.sh, tempaltes/]
          - {cmd: [], deps: []}
        """)))
        .containsExactly(
            "devd.yaml:3:10: k8sYaml[0].cmd: the command is empty; write the command that prints Kubernetes YAML",
            "devd.yaml:5:25: k8sYaml[1].deps[1]: \"tempaltes/\" does not exist in ROOT; create it or fix the path",
            "devd.yaml:6:11: k8sYaml[2].cmd: the command is empty; write the command that prints Kubernetes YAML");
  }

  @Test
  void anEntryIsOneSourceOfAKnownKind() {
    assertThat(
            project.problems(
                withImage(
                    """
        k8sYaml:
          - {helm: deploy/chart, kustomize: deploy/overlays/dev}
          - {deps: [templates/]}
          - {hlem: deploy/chart}
          - {kustomize: deploy/overlays/dev, deps: [templates/]}
          - 5
          - [k8s/app.yaml]
        """)))
        .containsExactly(
            "devd.yaml:3:26: k8sYaml[0].kustomize: both helm and kustomize are set; keep one: each entry of k8sYaml is one "
                + "source; write the other as an entry of its own",
            "devd.yaml:4:5: k8sYaml[1]: missing \"helm\", \"kustomize\" or \"cmd\"; write one, e.g. - helm: {chart: "
                + "deploy/chart}, - kustomize: deploy/overlays/dev or - cmd: ./gen-yaml.sh",
            "devd.yaml:5:6: k8sYaml[2].hlem: unknown key \"hlem\"; did you mean \"helm\"?",
            "devd.yaml:6:38: k8sYaml[3].deps: deps belong to a cmd source; remove deps: (devd watches the files of a "
                + "kustomize source by itself)",
            "devd.yaml:7:5: k8sYaml[4]: \"5\" does not exist in ROOT; create it or fix the path",
            "devd.yaml:8:5: k8sYaml[5]: expected a file, a glob, or a source (helm:, kustomize: or cmd:), got a list; "
                + "write e.g. k8sYaml: [k8s/*.yaml, {helm: {chart: deploy/chart}}, {kustomize: deploy/dev}]");
  }
}
