package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
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
    ProjectConfig config = project.config("""
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
    assertThat(router.watchersOf(project.path("web/index.html"))).extracting(ChangeRouter.Watcher::name)
        .containsExactly("web", "lint");
    assertThat(router.watchersOf(project.path("web/other.html"))).extracting(ChangeRouter.Watcher::name)
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
}
