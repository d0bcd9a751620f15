package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code liveUpdate:} steps of an image: how they are read and the rules of SPEC §8. */
class LiveUpdateConfigTest {
  @TempDir Path root;
  TestProject project;

  private static final String DOCKERFILE_IMAGE_WITH_RESTART_PROCESS =
      """
        images:
          - ref: site
            command: docker build -t $EXPECTED_REF .
            deps: [web/, Dockerfile]
            liveUpdate:
              - sync: {local: web/, remote: /app}
              - restartProcess
        """;

  @BeforeEach
  void createProject() {
    project = new TestProject(root).with("web/", "docs/", "package.json", "Dockerfile");
  }

  @Test
  void readsStepsInOrderWithPathsResolved() throws ConfigException {
    ImageConfig image =
        project
            .load(
                """
        runtime: podman
        images:
          - ref: site
            command: make
            deps: [web/, package.json]
            liveUpdate:
              - initialSync: true
              - fallBackOn: package.json
              - sync: {local: web/, remote: /usr/share/nginx/html/}
              - run: {cmd: "npm install", trigger: [package.json]}
              - run: [npm, run, build]
              - restartContainer: true
        """)
            .images()
            .getFirst();
    assertThat(image.liveUpdate())
        .containsExactly(
            new LiveUpdateStep.InitialSync(new SourceLocation(7, 9, "images[0].liveUpdate[0]")),
            new LiveUpdateStep.FallBackOn(
                List.of(root.resolve("package.json")),
                new SourceLocation(8, 9, "images[0].liveUpdate[1]")),
            new LiveUpdateStep.Sync(
                root.resolve("web"),
                "/usr/share/nginx/html/",
                new SourceLocation(9, 9, "images[0].liveUpdate[2]")),
            new LiveUpdateStep.Run(
                Cmd.shell("npm install"),
                List.of(root.resolve("package.json")),
                new SourceLocation(10, 9, "images[0].liveUpdate[3]")),
            new LiveUpdateStep.Run(
                Cmd.argv(List.of("npm", "run", "build")),
                List.of(),
                new SourceLocation(11, 9, "images[0].liveUpdate[4]")),
            new LiveUpdateStep.RestartContainer(
                new SourceLocation(12, 9, "images[0].liveUpdate[5]")));
  }

  @Test
  void syncLocalOutsideTheDeps() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: [web/, Dockerfile]
            liveUpdate:
              - sync: {local: docs/, remote: /app/docs}
        """))
        .containsExactly(
            "devd.yaml:6:23: images[0].liveUpdate[0].sync.local: \"docs/\" is outside the image's deps (web/, Dockerfile); "
                + "use a path under them or add it to deps");
  }

  @Test
  void fallBackOnAndTriggerOutsideTheDeps() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: web/
            liveUpdate:
              - fallBackOn: package.json
              - sync: {local: web/src, remote: /app/src}
              - run: {cmd: npm install, trigger: package.json}
        """))
        .containsExactly(
            "devd.yaml:6:21: images[0].liveUpdate[0].fallBackOn: \"package.json\" is outside the image's deps (web/); "
                + "use a path under them or add it to deps",
            "devd.yaml:8:42: images[0].liveUpdate[2].run.trigger: \"package.json\" is outside the image's deps (web/); "
                + "use a path under them or add it to deps");
  }

  @Test
  void stepsOutOfOrderNameBothSteps() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: [web/, package.json]
            liveUpdate:
              - sync: {local: web/, remote: /app}
              - fallBackOn: [package.json]
              - run: {cmd: npm install}
              - initialSync: {}
        """))
        .containsExactly(
            "devd.yaml:7:9: images[0].liveUpdate[1]: \"fallBackOn\" comes after \"sync\" (liveUpdate[0]); put the steps "
                + "in this order: initialSync, fallBackOn, sync, run, then restartContainer or restartProcess",
            "devd.yaml:9:9: images[0].liveUpdate[3]: \"initialSync\" comes after \"run\" (liveUpdate[2]); put the steps "
                + "in this order: initialSync, fallBackOn, sync, run, then restartContainer or restartProcess");
  }

  @Test
  void initialSyncAtMostOnce() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - initialSync: true
              - initialSync: true
              - sync: {local: web/, remote: /app}
        """))
        .containsExactly(
            "devd.yaml:7:9: images[0].liveUpdate[1]: a second \"initialSync\" step; keep one");
  }

  @Test
  void restartContainerOnKubernetes() {
    assertThat(
            project.problems(
                """
        runtime: kubernetes
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - sync: {local: web/, remote: /app}
              - restartContainer: true
        """))
        .containsExactly(
            "devd.yaml:8:9: images[0].liveUpdate[1]: restartContainer works only with runtime: podman, and runtime is "
                + "kubernetes; use restartProcess, which restarts the container's process on both runtimes, or set"
                + " runtime: podman");
  }

  @Test
  void restartProcessIsABareStepOnEveryRuntime() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        runtime: kubernetes
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - sync: {local: web/, remote: /app}
              - restartProcess
        """);

    assertThat(config.images().getFirst().liveUpdate())
        .last()
        .isEqualTo(
            new LiveUpdateStep.RestartProcess(new SourceLocation(8, 9, "images[0].liveUpdate[1]")));
  }

  @Test
  void restartProcessOnAnImageBuiltFromABaseWithoutAShell() throws Exception {
    java.nio.file.Files.writeString(
        root.resolve("Dockerfile"),
        """
        FROM golang:1.23 AS build
        RUN go build -o /server .
        # the image that runs
        FROM gcr.io/distroless/static:nonroot
        COPY --from=build /server /server
        """);

    assertThat(project.problems(DOCKERFILE_IMAGE_WITH_RESTART_PROCESS))
        .containsExactly(
            "devd.yaml:7:9: images[0].liveUpdate[1]: restartProcess needs a shell (/bin/sh) in the"
                + " image, and Dockerfile:4 builds it FROM gcr.io/distroless/static:nonroot, which has none; use a base image"
                + " with a shell (a :debug variant, busybox, alpine), or leave out restartProcess and let a change rebuild the"
                + " image");
  }

  @Test
  void restartProcessOnABaseThatMayHaveAShellIsLeftToTheRunTimeCheck() throws Exception {
    java.nio.file.Files.writeString(
        root.resolve("Dockerfile"),
        """
        FROM scratch
        COPY busybox /bin/sh
        """);

    assertThat(project.load(DOCKERFILE_IMAGE_WITH_RESTART_PROCESS).images().getFirst().liveUpdate())
        .hasSize(2);
  }

  @Test
  void oneRestartStepAtMost() {
    assertThat(
            project.problems(
                """
        runtime: podman
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - sync: {local: web/, remote: /app}
              - restartContainer
              - restartProcess
        """))
        .containsExactly(
            "devd.yaml:9:9: images[0].liveUpdate[2]: \"restartProcess\" after \"restartContainer\": a"
                + " container is restarted one way or the other; keep one of them: restartProcess keeps the container and the"
                + " files synced into it, restartContainer (podman only) restarts the whole container");
  }

  @Test
  void badStepShapes() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - synk: {local: web/, remote: /app}
              - {sync: {local: web/, remote: /app}, run: ls}
              - sync: {local: web/, remote: app}
              - run: {trigger: [web/]}
              - sync
        """))
        .containsExactly(
            "devd.yaml:6:9: images[0].liveUpdate[0].synk: unknown step \"synk\"; did you mean \"sync\"?",
            "devd.yaml:7:9: images[0].liveUpdate[1]: a step has one key, this one has sync, run; write one step per list "
                + "item, e.g. - sync: {local: src/, remote: /app/src/}",
            "devd.yaml:8:37: images[0].liveUpdate[2].sync.remote: remote path \"app\" is not absolute; write the full "
                + "path inside the container, e.g. /app",
            "devd.yaml:9:14: images[0].liveUpdate[3].run: missing \"cmd\"; add the command to run in the container, e.g. "
                + "run: {cmd: npm install, trigger: [package.json]}",
            "devd.yaml:10:9: images[0].liveUpdate[4]: expected a step (a mapping with one key, such as sync), got a "
                + "string (\"sync\"); write e.g. - sync: {local: src/, remote: /app/src/}");
  }

  @Test
  void liveUpdateWithoutSync() {
    assertThat(
            project.problems(
                """
        images:
          - ref: site
            command: make
            deps: [web/]
            liveUpdate:
              - run: make
        """))
        .containsExactly(
            "devd.yaml:6:7: images[0].liveUpdate: liveUpdate has no sync step, so nothing is ever copied into the "
                + "container; add e.g. - sync: {local: src/, remote: /app/src/}");
  }
}
