package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceOrderTest {
  @TempDir Path temp;

  private ProjectConfig config(String yaml) throws Exception {
    return new TestProject(temp).config(yaml);
  }

  @Test
  void aTargetWaitsForTheResourcesItNames() throws Exception {
    ResourceOrder order =
        ResourceOrder.of(
            config(
                """
        localResources:
          - {name: db, cmd: "true"}
          - {name: api, cmd: "true", resourceDeps: [db]}
        """),
            Set.of("db", "api"));

    assertThat(order.dependencies("api")).containsExactly("db");
    assertThat(order.dependencies("db")).isEmpty();
    assertThat(order.warnings()).isEmpty();
  }

  @Test
  void anUnknownNameIsLeftOutWithAWarning() throws Exception {
    ResourceOrder order =
        ResourceOrder.of(
            config(
                """
        localResources:
          - {name: api, cmd: "true", resourceDeps: [dbb]}
        """),
            Set.of("api"));

    assertThat(order.dependencies("api")).isEmpty();
    assertThat(order.warnings())
        .containsExactly(
            "resourceDeps of api names \"dbb\", which is not a resource devd runs; it waits for it no longer");
  }

  @Test
  void aCircleIsBrokenSoThatNothingWaitsForever() throws Exception {
    ResourceOrder order =
        ResourceOrder.of(
            config(
                """
        localResources:
          - {name: a, cmd: "true", resourceDeps: [b]}
          - {name: b, cmd: "true", resourceDeps: [a]}
        """),
            new java.util.LinkedHashSet<>(java.util.List.of("a", "b")));

    assertThat(order.dependencies("a")).isEmpty();
    assertThat(order.dependencies("b")).containsExactly("a");
    assertThat(order.warnings())
        .containsExactly(
            "resourceDeps of a and b wait for each other; a starts without waiting for b");
  }
}
