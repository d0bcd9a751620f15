package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.config.YamlSource;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeRouterTest {
  @TempDir Path temp;
  private TestProject project;
  private ChangeRouter router;

  @BeforeEach
  void setUp() throws Exception {
    project = new TestProject(temp);
    project.write("web/index.html", "hi");
    project.write("web/.dockerignore", "*.log\n");
    project.write("k8s/web.yaml", "kind: Deployment");
    ProjectConfig config =
        project.config(
            """
        k8sYaml: [k8s/*.yaml]
        images:
          - ref: web
            command: "true"
            deps: [web]
        localResources:
          - name: lint
            cmd: "true"
            deps: [web/index.html]
        """);
    router = ChangeRouter.of(config);
  }

  @Test
  void aPathGoesToEveryImageAndResourceThatWatchesIt() {
    assertThat(router.watchersOf(project.path("web/index.html")))
        .extracting(ChangeRouter.Watcher::name)
        .containsExactly("web", "lint");
    assertThat(router.watchersOf(project.path("web/other.html")))
        .extracting(ChangeRouter.Watcher::name)
        .containsExactly("web");
    assertThat(router.watchersOf(project.path("web/debug.log"))).isEmpty();
    assertThat(router.watchersOf(project.path("README.md"))).isEmpty();
  }

  @Test
  void devdYamlIgnoreFilesAndKubernetesYamlReloadTheConfig() {
    assertThat(router.isConfigFile(project.path("devd.yaml"))).isTrue();
    assertThat(router.isConfigFile(project.path(".devdignore"))).isTrue();
    assertThat(router.isConfigFile(project.path("web/.dockerignore"))).isTrue();
    assertThat(router.isConfigFile(project.path("web/index.html"))).isFalse();
  }

  @Test
  void aFileThatStartsToMatchAKubernetesYamlGlobLaterReloadsTheConfig() {
    assertThat(router.isConfigFile(project.path("k8s/new.yaml"))).isTrue();
    assertThat(router.isConfigFile(project.path("k8s/notes.txt"))).isFalse();
    assertThat(router.plan().folders()).contains(project.path("k8s"));
  }

  @Test
  void everyChangeUnderTheFolderOfAYamlSourceReloadsTheConfigButForWhatDevdAlwaysIgnores()
      throws Exception {
    project.write("deploy/chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
    project.write("deploy/chart/templates/web.yaml", "kind: Deployment");
    project.write("deploy/dev-values.yaml", "replicas: 1\n");
    project.write(".devdignore", "deploy/chart/scratch/\n");
    ProjectConfig config =
        project.config(
            """
        k8sYaml: [{helm: {chart: deploy/chart, values: [deploy/dev-values.yaml]}}]
        images:
          - ref: web
            command: "true"
            deps: [web]
            ignore: [templates/]
        """);
    ChangeRouter sources =
        ChangeRouter.of(config, ((YamlSource.Helm) config.k8sYaml().getFirst()).inputs());

    assertThat(sources.isConfigFile(project.path("deploy/chart/templates/web.yaml"))).isTrue();
    assertThat(sources.isConfigFile(project.path("deploy/chart/templates/new.yaml"))).isTrue();
    assertThat(sources.isConfigFile(project.path("deploy/dev-values.yaml"))).isTrue();
    assertThat(sources.isConfigFile(project.path("deploy/prod-values.yaml"))).isFalse();
    assertThat(sources.isConfigFile(project.path("deploy/chart/templates/.web.yaml.swp")))
        .as("an editor's temp file")
        .isFalse();
    assertThat(sources.isConfigFile(project.path("deploy/chart/scratch/notes.txt")))
        .as("ignored by .devdignore")
        .isFalse();
    assertThat(sources.plan().trees()).contains(project.path("deploy/chart"));
    assertThat(sources.plan().files()).contains(project.path("deploy/dev-values.yaml"));
    assertThat(sources.watchersOf(project.path("deploy/chart/templates/web.yaml")))
        .as("no image builds for it")
        .isEmpty();
  }

  @Test
  void aFolderOfAYamlSourceIsRegisteredEvenWhereAnImageIgnoresIt() throws Exception {
    project.write("web/chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
    ProjectConfig config =
        project.config(
            """
        k8sYaml: [{helm: web/chart}]
        images:
          - ref: web
            command: "true"
            deps: [web]
            ignore: [chart/]
        """);
    ChangeRouter sources =
        ChangeRouter.of(config, ((YamlSource.Helm) config.k8sYaml().getFirst()).inputs());

    assertThat(sources.plan().skipDirectory().test(project.path("web/chart"))).isFalse();
    assertThat(sources.watchersOf(project.path("web/chart/values.yaml"))).isEmpty();
    assertThat(sources.isConfigFile(project.path("web/chart/values.yaml"))).isTrue();
  }
}
