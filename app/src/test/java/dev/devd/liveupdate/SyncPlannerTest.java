package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ConfigException;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.liveupdate.UpdatePlan.FullUpdate;
import dev.devd.liveupdate.UpdatePlan.LiveUpdate;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sync or full build (SPEC §8), and what a live update copies, removes, runs and restarts. */
class SyncPlannerTest {
  @TempDir static Path root;
  static TestProject project;
  static ProjectConfig config;
  final SyncPlanner planner = new SyncPlanner();

  @BeforeAll
  static void loadConfig() throws ConfigException {
    project = new TestProject(root);
    for (String file :
        List.of(
            "src/app.js",
            "src/config/app.yaml",
            "src/Makefile",
            "static/logo.png",
            "package.json",
            "Dockerfile",
            "plain/main.go")) {
      project.write(file, "x");
    }
    config =
        project.config(
            """
        runtime: podman
        images:
          - ref: web
            command: make
            deps: [src/, static/, package.json, Dockerfile]
            liveUpdate:
              - fallBackOn: [src/config, src/Makefile]
              - sync: {local: src/, remote: /app/src/}
              - sync: {local: static/, remote: /srv/static}
              - sync: {local: package.json, remote: /app/package.json}
              - run: {cmd: "npm install", trigger: [package.json]}
              - run: {cmd: [npm, run, build], trigger: [src/]}
              - run: echo synced
              - restartContainer: true
          - ref: plain
            command: make
            deps: [plain/]
          - ref: proc
            command: make
            deps: [plain/]
            liveUpdate:
              - sync: {local: plain/, remote: /app/}
              - restartProcess
        """);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      a file under a sync folder is copied      | src/app.js                 |             | running   | copy src/app.js -> /app/src/app.js; run npm run build; run echo synced; restart
      a second sync folder maps to its remote   | static/logo.png            |             | running   | copy static/logo.png -> /srv/static/logo.png; run echo synced; restart
      a synced single file maps to its remote   | package.json               |             | running   | copy package.json -> /app/package.json; run npm install; run echo synced; restart
      a new folder is copied as a whole         | src/lib                    |             | running   | copy src/lib -> /app/src/lib; run npm run build; run echo synced; restart
      a deleted file is removed remotely        | src/old.js                 | src/old.js  | running   | delete /app/src/old.js; run npm run build; run echo synced; restart
      a deletion triggers runs as well          | package.json               | package.json| running   | delete /app/package.json; run npm install; run echo synced; restart
      copies and deletions together             | src/app.js,src/old.js      | src/old.js  | running   | copy src/app.js -> /app/src/app.js; delete /app/src/old.js; run npm run build; run echo synced; restart
      a file listed twice is copied once        | src/app.js,src/./app.js    |             | running   | copy src/app.js -> /app/src/app.js; run npm run build; run echo synced; restart
      one of two containers running is enough   | src/app.js                 |             | one of two| copy src/app.js -> /app/src/app.js; run npm run build; run echo synced; restart
      a folder under fallBackOn                 | src/config/app.yaml        |             | running   | full: src/config/app.yaml changed, which is under fallBackOn path src/config
      a file listed in fallBackOn               | src/Makefile               |             | running   | full: src/Makefile changed, and fallBackOn lists it
      fallBackOn wins over synced files         | src/app.js,src/Makefile    |             | running   | full: src/Makefile changed, and fallBackOn lists it
      a file no sync covers                     | Dockerfile                 |             | running   | full: Dockerfile changed, which no sync step covers (sync local: src, static, package.json)
      only the uncovered files are named        | src/app.js,Dockerfile      |             | running   | full: Dockerfile changed, which no sync step covers (sync local: src, static, package.json)
      no container yet                          | src/app.js                 |             | none      | full: no container runs "web" yet
      the container is not running              | src/app.js                 |             | stopped   | full: no container of "web" is running (web-1/web is not running)
      a crash-looping container                 | src/app.js                 |             | crashing  | full: web-1/web is crash-looping
      """)
  void plansOneBatch(
      String behaviour, String changed, String deleted, String containers, String expected) {
    List<Path> paths = Arrays.stream(changed.split(",")).map(project::path).toList();
    Set<Path> gone =
        deleted == null
            ? Set.of()
            : Arrays.stream(deleted.split(","))
                .map(p -> project.path(p).normalize())
                .collect(Collectors.toSet());

    UpdatePlan plan =
        planner.plan(image("web"), paths, containers(containers), path -> !gone.contains(path));

    assertThat(describe(plan)).as(behaviour).isEqualTo(expected);
  }

  @Test
  void imageWithoutLiveUpdateStepsNeedsAFullBuild() {
    UpdatePlan plan =
        planner.plan(
            image("plain"),
            List.of(project.path("plain/main.go")),
            containers("running"),
            path -> true);

    assertThat(describe(plan)).isEqualTo("full: \"plain\" has no liveUpdate steps");
  }

  @Test
  void pathsOfAReasonAreShortenedAfterThree() {
    List<Path> paths =
        List.of(
            project.path("Dockerfile"),
            project.path("a"),
            project.path("b"),
            project.path("c"),
            project.path("d"));

    UpdatePlan plan = planner.plan(image("web"), paths, containers("running"), path -> true);

    assertThat(describe(plan))
        .startsWith("full: Dockerfile, a, b and 2 more changed, which no sync step covers");
  }

  @Test
  void restartProcessComesAfterTheCopies() {
    UpdatePlan plan =
        planner.plan(
            image("proc"),
            List.of(project.path("plain/main.go")),
            containers("running"),
            path -> true);

    assertThat(describe(plan)).isEqualTo("copy plain/main.go -> /app/main.go; restart process");
  }

  @Test
  void initialSyncCopiesEverySyncPathAndRunsEveryStep() {
    SyncPlan plan = planner.initialSync(image("web"));

    assertThat(describe(new LiveUpdate(plan)))
        .isEqualTo(
            "copy src -> /app/src; copy static -> /srv/static;"
                + " copy package.json -> /app/package.json; run npm install; run npm run build; run echo synced; restart");
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      /app/src/  | a/b.js | /app/src/a/b.js
      /app/src   | a/b.js | /app/src/a/b.js
      /app/src// | a.js   | /app/src/a.js
      /          | a/b.js | /a/b.js
      /app/src/  | ''     | /app/src
      /          | ''     | /
      """)
  void mapsALocalPathUnderItsRemote(String remote, String relative, String expected) {
    Path local = root.resolve("src");
    Path path = relative.isEmpty() ? local : local.resolve(relative);

    assertThat(SyncPlanner.remotePath(local, remote, path)).isEqualTo(expected);
  }

  private static ImageConfig image(String ref) {
    return config.images().stream()
        .filter(image -> image.ref().equals(ref))
        .findFirst()
        .orElseThrow();
  }

  private static List<ContainerRef> containers(String state) {
    return switch (state) {
      case "none" -> List.of();
      case "running" -> List.of(container("web-1", true, false));
      case "stopped" -> List.of(container("web-1", false, false));
      case "crashing" -> List.of(container("web-1", true, true));
      case "one of two" ->
          List.of(container("web-1", false, false), container("web-2", true, false));
      default -> throw new IllegalArgumentException(state);
    };
  }

  private static ContainerRef container(String pod, boolean running, boolean crashLooping) {
    return new ContainerRef(
        new ContainerRef.PodmanContainer(pod + "-web"),
        pod + "/web",
        "localhost/web:devd-1",
        running,
        crashLooping,
        Instant.EPOCH);
  }

  /** A plan in one line, with local paths relative to the project. */
  private static String describe(UpdatePlan plan) {
    if (plan instanceof FullUpdate full) return "full: " + full.reason();
    SyncPlan sync = ((LiveUpdate) plan).plan();
    List<String> parts = new ArrayList<>();
    sync.copies()
        .forEach(copy -> parts.add("copy " + relative(copy.local()) + " -> " + copy.remote()));
    sync.deletions().forEach(remote -> parts.add("delete " + remote));
    sync.runs().forEach(cmd -> parts.add("run " + cmd.display()));
    if (sync.restart() == SyncPlan.Restart.CONTAINER) parts.add("restart");
    if (sync.restart() == SyncPlan.Restart.PROCESS) parts.add("restart process");
    return String.join("; ", parts);
  }

  private static String relative(Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }
}
