package dev.devd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ConfigException;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.engine.PassPlan.DeployOnly;
import dev.devd.engine.PassPlan.FullBuild;
import dev.devd.engine.PassPlan.ImageSync;
import dev.devd.engine.PassPlan.LiveUpdate;
import dev.devd.engine.PassPlan.Nothing;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a pass of a deployed resource does, chosen up front from why it runs and what is known of
 * its containers.
 */
class PassPlannerTest {
  @TempDir static Path root;
  static TestProject project;
  static ImageConfig web;
  static ImageConfig api;
  final PassPlanner planner = new PassPlanner();

  @BeforeAll
  static void loadConfig() throws ConfigException {
    project = new TestProject(root);
    for (String file : List.of("web/index.html", "web/Dockerfile", "api/main.go", "api/go.mod"))
      project.write(file, "x");
    ProjectConfig config =
        project.config(
            """
        runtime: podman
        images:
          - ref: web
            command: make web
            deps: [web/]
            liveUpdate:
              - fallBackOn: [web/Dockerfile]
              - sync: {local: web/, remote: /srv/}
          - ref: api
            command: make api
            deps: [api/]
            liveUpdate:
              - initialSync: true
              - sync: {local: api/, remote: /app/}
        """);
    web = config.image("web").orElseThrow();
    api = config.image("api").orElseThrow();
  }

  /**
   * Each row: why the pass runs; the changed files; what is known (comma-separated words, see
   * {@link #facts}); the expected plan, written as {@link #describe} writes it.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      the first update builds                                    | first      |                  | stale                                   | full build (first update)
      a first update with every image built only deploys          | first      |                  |                                         | deploy only
      enabling again with a stale image builds                    | enabled    |                  | stale                                   | full build (enabled again)
      a trigger always builds, everything                         | triggered  |                  |                                         | forced full build (triggered by the user)
      a change before anything is deployed builds                 | changed    | web/index.html   | stale                                   | full build (nothing is deployed yet)
      containers changing before a deploy do nothing              | containers |                  |                                         | nothing
      a synced file goes into the running container               | changed    | web/index.html   | deployed,web:running                    | live update: web -> web-1 (copy web/index.html -> /srv/index.html)
      a fallBackOn file builds and says why                       | changed    | web/Dockerfile   | deployed,web:running                    | full build, explained (web/Dockerfile changed, and fallBackOn lists it)
      a file of an image without live update builds quietly       | changed    | other/x.txt      | deployed,web:running                    | full build (x.txt is not under the deps of an image with live update steps)
      no running container builds                                 | changed    | web/index.html   | deployed,web:stopped                    | full build, explained (no container of "web" is running (web-1 is not running))
      containers that cannot be listed build                      | changed    | web/index.html   | deployed,web:unlisted                   | full build, explained (cannot list the running containers: podman is gone)
      containers in step need nothing                             | containers |                  | deployed,web:running,web:instep         | nothing
      a new container of an image without initialSync is adopted  | containers |                  | deployed,web:running                    | nothing
      a new container after a sync lacks the files and builds     | containers |                  | deployed,web:running,web:synced         | full build, explained (a container of web started anew and lacks the files synced since the last build)
      no container left after a sync builds                       | containers |                  | deployed,web:gone,web:synced            | full build, explained (no container of web runs any more, and it had files synced into it)
      no running container after a sync builds                    | containers |                  | deployed,web:stopped,web:synced         | full build, explained (no container of web runs any more, and it had files synced into it)
      a new container of an image with initialSync gets it        | containers |                  | deployed,api:running                    | live update: api -> api-1 (initial)
      initialSync goes before the changed files                   | changed    | api/main.go      | deployed,api:running                    | live update: api -> api-1 (initial); api -> api-1 (copy api/main.go -> /app/main.go)
      changes of two images are synced image by image             | changed    | web/index.html,api/main.go | deployed,web:running,web:instep,api:running,api:instep | live update: web -> web-1 (copy web/index.html -> /srv/index.html); api -> api-1 (copy api/main.go -> /app/main.go)
      one image that must build builds the resource               | changed    | web/index.html,web/Dockerfile,api/main.go | deployed,web:running,web:instep,api:running,api:instep | full build, explained (web/Dockerfile changed, and fallBackOn lists it)
      """)
  void choosesThePass(
      String behaviour, String reason, String changed, String known, String expected) {
    List<Path> paths =
        changed == null ? List.of() : Arrays.stream(changed.split(",")).map(project::path).toList();
    PassReason why =
        switch (reason) {
          case "first" -> PassReason.first();
          case "enabled" -> PassReason.enabled();
          case "triggered" -> PassReason.triggered(paths, Map.of());
          case "containers" -> PassReason.containers();
          default -> PassReason.changed(paths, Map.of());
        };

    PassPlan plan = planner.plan(why, facts(known == null ? "" : known));

    assertThat(describe(plan)).isEqualTo(expected);
  }

  // "stale": both images must build; "deployed": a deploy succeeded; "kubernetes": a restart starts
  // from the image
  // (else podman: in place); "IMAGE:running|stopped|unlisted|gone": its one container as listed, or
  // listing failed, or
  // none listed; "IMAGE:instep": that container is in step; "IMAGE:synced": files were synced since
  // the deploy.
  private static ResourceFacts facts(String known) {
    Set<String> words = new HashSet<>(Arrays.asList(known.split(",")));
    Map<String, List<ContainerRef>> containers = new HashMap<>();
    Map<String, String> failures = new HashMap<>();
    Map<String, Set<String>> inStep = new HashMap<>();
    Set<String> synced = new HashSet<>();
    boolean inPlace = !words.contains("kubernetes");
    for (ImageConfig image : List.of(web, api)) {
      String ref = image.ref();
      ContainerRef container =
          new ContainerRef(
              new ContainerRef.PodmanContainer(ref + "-id"),
              ref + "-1",
              ref,
              words.contains(ref + ":running"),
              false,
              Instant.EPOCH);
      if (words.contains(ref + ":running") || words.contains(ref + ":stopped"))
        containers.put(ref, List.of(container));
      if (words.contains(ref + ":gone")) containers.put(ref, List.of());
      if (words.contains(ref + ":unlisted")) failures.put(ref, "podman is gone");
      if (words.contains(ref + ":instep"))
        inStep.put(ref, Set.of(PassPlanner.containerKey(container, inPlace)));
      if (words.contains(ref + ":synced")) synced.add(ref);
    }
    boolean deployed = words.contains("deployed");
    return new ResourceFacts(
        deployed,
        deployed ? List.of(web, api) : List.of(),
        containers,
        failures,
        inStep,
        synced,
        inPlace,
        words.contains("stale") ? Set.of("web", "api") : Set.of(),
        Files::exists);
  }

  private static String describe(PassPlan plan) {
    return switch (plan) {
      case Nothing nothing -> "nothing";
      case DeployOnly deploy -> "deploy only";
      case FullBuild full ->
          (full.force() ? "forced " : "")
              + "full build"
              + (full.explain() ? ", explained" : "")
              + " ("
              + full.reason()
              + ")";
      case LiveUpdate live -> {
        List<String> syncs = new ArrayList<>();
        for (ImageSync sync : live.syncs()) {
          String what =
              sync.initial()
                  ? "initial"
                  : String.join(
                      ", ",
                      sync.plan().copies().stream()
                          .map(
                              copy ->
                                  "copy " + root.relativize(copy.local()) + " -> " + copy.remote())
                          .toList());
          syncs.add(
              sync.image().ref()
                  + " -> "
                  + String.join(
                      ", ", sync.containers().stream().map(ContainerRef::displayName).toList())
                  + " ("
                  + what
                  + ")");
        }
        yield "live update: " + String.join("; ", syncs);
      }
    };
  }
}
