package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ProjectConfig;
import dev.devd.status.StatusBoard;
import dev.devd.testing.TestProject;
import dev.devd.wiring.SessionWiring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * devd ci's passes with real commands: the order resourceDeps asks for, and the first failure as
 * the outcome.
 */
class CiRunIT {
  @TempDir Path temp;
  private TestProject project;

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("src/a.txt", "x");
  }

  private CiRun.Outcome ci(String yaml) throws Exception {
    ProjectConfig config = project.config(yaml);
    ProjectModel model = ProjectModel.load(config);
    SessionWiring.Options options =
        new SessionWiring.Options(
            Optional.empty(), Optional.empty(), SessionParts.Options.defaults());
    return new CiRun(model, SessionWiring.parts(model, options, new StatusBoard(Clock.systemUTC())))
        .run(Duration.ofMinutes(1));
  }

  @Test
  void aDependentStartsOnlyAfterItsDependencyFinished() throws Exception {
    // db takes half a second: app, if it did not wait, would write its mark between db's two.
    CiRun.Outcome outcome =
        ci(
            """
        localResources:
          - name: app
            cmd: echo app >> order.log
            deps: [src]
            resourceDeps: [db]
          - name: db
            cmd: echo db-start >> order.log; sleep 0.5; echo db-end >> order.log
            deps: [src]
        """);

    assertThat(outcome.success()).isTrue();
    assertThat(project.lines("order.log")).containsExactly("db-start", "db-end", "app");
  }

  @Test
  void aFailedDependencyEndsTheRunAndItsDependentNeverStarts() throws Exception {
    CiRun.Outcome outcome =
        ci(
            """
        localResources:
          - name: db
            cmd: echo db >> order.log; exit 4
            deps: [src]
          - name: app
            cmd: echo app >> order.log
            deps: [src]
            resourceDeps: [db]
        """);

    assertThat(outcome.problem())
        .hasValueSatisfying(
            problem ->
                assertThat(problem).startsWith("db: `echo db >> order.log; exit 4` exited with 4"));
    assertThat(project.lines("order.log")).isEqualTo(List.of("db"));
  }

  @Test
  void everyTargetRunsOnceAndTheRunSucceeds() throws Exception {
    CiRun.Outcome outcome =
        ci(
            """
        localResources:
          - {name: lint, cmd: echo lint >> lint.log, deps: [src]}
          - {name: tests, cmd: echo tests >> tests.log, deps: [src]}
        """);

    assertThat(outcome.success()).isTrue();
    assertThat(project.lines("lint.log")).hasSize(1);
    assertThat(project.lines("tests.log")).hasSize(1);
  }
}
