package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys of SPEC §11.1 on images, resources and local resources: {@code entrypoint}, {@code
 * containerArgs}, {@code autoInit} and {@code links}, read and checked (what the engine does with
 * them is not tested here).
 */
class ContainerAndControlKeysTest {
  @TempDir Path root;
  TestProject project;

  @BeforeEach
  void createProject() {
    project = new TestProject(root).with("src/");
  }

  @Test
  void entrypointAndContainerArgsAreReadAsTiltWritesThem() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - {ref: web, command: make, deps: [src/], entrypoint: [/app/server, --dev], containerArgs: [--port, 8080]}
          - {ref: api, command: make, deps: [src/], entrypoint: "exec /app/api --dev", containerArgs: []}
          - {ref: db, command: make, deps: [src/]}
        """);

    assertThat(config.image("web").orElseThrow().entrypoint())
        .contains(Cmd.argv(List.of("/app/server", "--dev")));
    assertThat(config.image("web").orElseThrow().containerArgs())
        .contains(List.of("--port", "8080"));
    assertThat(config.image("api").orElseThrow().entrypoint())
        .contains(Cmd.shell("exec /app/api --dev"));
    assertThat(config.image("api").orElseThrow().containerArgs())
        .as("an empty list clears the args")
        .contains(List.of());
    assertThat(config.image("db").orElseThrow().entrypoint()).isEmpty();
    assertThat(config.image("db").orElseThrow().containerArgs()).isEmpty();
  }

  @Test
  void autoInitAndLinksOnImagesResourcesAndLocalResources() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - {ref: web, command: make, deps: [src/], autoInit: false}
          - {ref: api, command: make, deps: [src/]}
        resources:
          web: {autoInit: false, links: ["http://localhost:8000/admin", "https://example.com"]}
          api: {links: http://localhost:9000}
        localResources:
          - {name: docs, cmd: make docs, autoInit: false, links: ["http://127.0.0.1:4000/"]}
          - {name: lint, cmd: make lint}
        """);

    assertThat(config.image("web").orElseThrow().autoInit()).isFalse();
    assertThat(config.image("api").orElseThrow().autoInit()).isTrue();
    assertThat(config.resources().get("web").autoInit()).isFalse();
    assertThat(config.resources().get("web").links())
        .containsExactly("http://localhost:8000/admin", "https://example.com");
    assertThat(config.resources().get("api").autoInit()).isTrue();
    assertThat(config.resources().get("api").links()).containsExactly("http://localhost:9000");
    assertThat(config.localResources().get(0).autoInit()).isFalse();
    assertThat(config.localResources().get(0).links()).containsExactly("http://127.0.0.1:4000/");
    assertThat(config.localResources().get(1).autoInit()).isTrue();
    assertThat(config.localResources().get(1).links()).isEmpty();
    assertThat(ResourceOptions.DEFAULTS.autoInit()).isTrue();
    assertThat(Optional.of(ResourceOptions.DEFAULTS.links())).contains(List.of());
  }

  @Test
  void mistakesInTheNewKeys() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: web, command: make, deps: [src/], entrypoint: "", containerArgs: --dev, autoInit: no}
          - {ref: api, command: make, deps: [src/], entrypoint: [""], containerArgs: [[a]]}
        resources:
          web: {autoInit: "false", links: ["localhost:8000", "ftp://files.example.com", "http://", 8000]}
        localResources:
          - {name: docs, cmd: make docs, links: [{url: "http://localhost:4000"}]}
        """))
        .containsExactly(
            "devd.yaml:2:57: images[0].entrypoint: the command is empty; write the command that starts the containers of "
                + "this image",
            "devd.yaml:2:76: images[0].containerArgs: expected a list of arguments, got a string (\"--dev\"); write e.g. "
                + "containerArgs: [--port, \"8080\"]",
            "devd.yaml:2:93: images[0].autoInit: expected true or false, got a string (\"no\"); write e.g. autoInit: false",
            "devd.yaml:3:57: images[1].entrypoint: the command is empty; write the command that starts the containers of "
                + "this image",
            "devd.yaml:3:79: images[1].containerArgs[0]: expected an argument, got a list; write e.g. containerArgs: "
                + "[--port, \"8080\"]",
            "devd.yaml:5:19: resources.web.autoInit: expected true or false, got a string (\"false\"); write e.g. "
                + "autoInit: false",
            "devd.yaml:5:36: resources.web.links[0]: \"localhost:8000\" is not an http or https URL; write it in full, e.g. "
                + "http://localhost:8000",
            "devd.yaml:5:54: resources.web.links[1]: \"ftp://files.example.com\" is not an http or https URL; write an "
                + "address that starts with http:// or https://, e.g. http://localhost:8000/",
            "devd.yaml:5:81: resources.web.links[2]: \"http://\" is not an http or https URL; write an address that starts "
                + "with http:// or https://, e.g. http://localhost:8000/",
            "devd.yaml:5:92: resources.web.links[3]: \"8000\" is not an http or https URL; write an address that starts "
                + "with http:// or https://, e.g. http://localhost:8000/",
            "devd.yaml:7:42: localResources[0].links[0]: expected a link, got a mapping; write e.g. links: "
                + "[\"http://localhost:8000/\"]");
  }
}
