package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code builder:} presets (SPEC §9): expansion, quoting, overrides, and the problems users can
 * make with them.
 */
class BuilderPresetTest {
  @TempDir Path root;
  TestProject project;

  @BeforeEach
  void createProject() {
    project = new TestProject(root).with("web/", "src/", "Dockerfile", "cmd/api/", "pom.xml");
  }

  @Test
  void dockerPresetWithDefaults() throws ConfigException {
    ImageConfig image =
        project
            .load(
                """
        images:
          - ref: site
            builder: docker
        """)
            .images()
            .getFirst();
    assertThat(image.command())
        .isEqualTo(Cmd.shell("docker build -t $EXPECTED_REF -f Dockerfile ."));
    assertThat(image.commandBat())
        .contains(Cmd.shell("docker build -t %EXPECTED_REF% -f Dockerfile ."));
    assertThat(image.deps()).containsExactly(root, root.resolve("Dockerfile"));
    assertThat(image.skipsLocalDocker()).isFalse();
    assertThat(image.disablePush()).isFalse();
  }

  @Test
  void valuesAreShellQuotedInCommandsAndKeptAsTheyAreInDeps() throws ConfigException {
    project.with("my app/");
    ImageConfig image =
        project
            .load(
                """
        images:
          - ref: site
            builder: docker
            with:
              context: my app
              args: [--build-arg, "MSG=it's a \\"test\\" & more"]
        """)
            .images()
            .getFirst();
    assertThat(image.command().script())
        .isEqualTo(
            "docker build -t $EXPECTED_REF -f Dockerfile --build-arg 'MSG=it'\\''s a \"test\" & more' 'my app'");
    assertThat(image.commandBat().orElseThrow().script())
        .isEqualTo(
            "docker build -t %EXPECTED_REF% -f Dockerfile --build-arg ^\"MSG=it's a \\^\"test\\^\" ^& more^\" "
                + "^\"my app^\"");
    assertThat(image.deps()).containsExactly(root.resolve("my app"), root.resolve("Dockerfile"));
  }

  @Test
  void koBuildsAndPushesItself() throws ConfigException {
    ImageConfig image =
        project
            .load(
                """
        images:
          - ref: api
            builder: ko
            with: {importPath: ./cmd/api, args: [--platform, linux/arm64]}
            deps: [cmd/, pom.xml]
        """)
            .images()
            .getFirst();
    assertThat(image.command().script())
        .isEqualTo(
            "KO_DOCKER_REPO=${EXPECTED_REF%:*} ko build --bare --tags $EXPECTED_TAG --platform linux/arm64 ./cmd/api");
    assertThat(image.skipsLocalDocker()).isTrue();
    assertThat(image.deps()).containsExactly(root.resolve("cmd"), root.resolve("pom.xml"));
  }

  @Test
  void theImagesOwnKeysOverrideThePresets() throws ConfigException {
    ImageConfig image =
        project
            .load(
                """
        images:
          - ref: site
            builder: kim
            commandBat: kim.exe build .
            skipsLocalDocker: false
            deps: web/
        """)
            .images()
            .getFirst();
    assertThat(image.command()).isEqualTo(Cmd.shell("kim build -t $EXPECTED_REF -f Dockerfile ."));
    assertThat(image.commandBat()).contains(Cmd.shell("kim.exe build ."));
    assertThat(image.skipsLocalDocker()).isFalse();
    assertThat(image.disablePush()).isTrue();
    assertThat(image.deps()).containsExactly(root.resolve("web"));
  }

  @Test
  void presetDepsAreRelativeToTheImagesDir() throws ConfigException {
    project.with("services/api/pom.xml", "services/api/src/");
    ImageConfig image =
        project
            .load(
                """
        images:
          - {ref: api, builder: jib-maven, dir: services/api}
        """)
            .images()
            .getFirst();
    assertThat(image.dir()).isEqualTo(root.resolve("services/api"));
    assertThat(image.deps())
        .containsExactly(root.resolve("services/api/pom.xml"), root.resolve("services/api/src"));
    assertThat(image.command().script())
        .isEqualTo(
            "mvn -q compile com.google.cloud.tools:jib-maven-plugin:3.5.2:dockerBuild -Dimage=$EXPECTED_REF");
  }

  @Test
  void aProjectPresetWinsOverTheShippedOne() throws ConfigException {
    project.file(
        ".devd/builders/docker.yaml",
        """
        description: docker through our wrapper script
        params:
          target: {required: true}
        command: ./scripts/docker-build.sh {{target}}
        deps: [src]
        disablePush: true
        outputsImageRefTo: "build/{{target}}.ref"
        """);
    ImageConfig image =
        project
            .load(
                """
        images:
          - {ref: app, builder: docker, with: {target: dev}}
        """)
            .images()
            .getFirst();
    assertThat(image.command()).isEqualTo(Cmd.shell("./scripts/docker-build.sh dev"));
    assertThat(image.commandBat()).isEmpty();
    assertThat(image.deps()).containsExactly(root.resolve("src"));
    assertThat(image.disablePush()).isTrue();
    assertThat(image.outputsImageRefTo()).contains(root.resolve("build/dev.ref"));
  }

  @Test
  void unknownPresetSuggestsTheClosestAndListsAll() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: site, builder: docker}
          - ref: api
            builder: dokcer
        """))
        .containsExactly(
            "devd.yaml:4:14: images[1].builder: unknown preset \"dokcer\"; did you mean \"docker\"? known: bazel, buildah, "
                + "docker, jib-maven, kim, ko, kubectl-build, pack, podman");
  }

  @Test
  void unknownPresetListsProjectPresetsToo() {
    project.file(".devd/builders/gradle-jib.yaml", "command: ./gradlew jibDockerBuild\n");
    assertThat(
            project.problems(
                """
        images: [{ref: api, builder: gradle}]
        """))
        .containsExactly(
            "devd.yaml:1:30: images[0].builder: unknown preset \"gradle\"; known: bazel, buildah, docker, gradle-jib, "
                + "jib-maven, kim, ko, kubectl-build, pack, podman");
  }

  @Test
  void unknownParameterSuggestsTheClosest() {
    assertThat(
            project.problems(
                """
        images:
          - ref: api
            builder: ko
            with: {importPath: ./cmd/api, arg: [-v]}
        """))
        .containsExactly(
            "devd.yaml:4:35: images[0].with.arg: unknown parameter \"arg\" of preset \"ko\"; did you mean \"args\"?");
  }

  @Test
  void missingRequiredParameter() {
    assertThat(
            project.problems(
                """
        images:
          - ref: api
            builder: ko
          - ref: app
            builder: bazel
            deps: [src/]
        """))
        .containsExactly(
            "devd.yaml:3:14: images[0].builder: missing parameter \"importPath\" of preset \"ko\" (the Go package to "
                + "build, e.g. ./cmd/api); add with: {importPath: ...}",
            "devd.yaml:5:14: images[1].builder: missing parameters \"image\" and \"target\" of preset \"bazel\"; add "
                + "with: {image: ..., target: ...}");
  }

  @Test
  void parameterOfTheWrongType() {
    assertThat(
            project.problems(
                """
        images:
          - ref: api
            builder: ko
            with: {importPath: [./cmd/api, ./cmd/b]}
        """))
        .containsExactly(
            "devd.yaml:4:24: images[0].with.importPath: expected one value, got a list; write e.g. "
                + "with: {importPath: value}");
  }

  @Test
  void presetDepThatDoesNotExist() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: site, builder: podman, with: {context: site}}
        """))
        .containsExactly(
            "devd.yaml:2:26: images[0].builder: the preset watches \"site\", which does not exist in ROOT; create it, "
                + "pass another path under with:, or set deps:");
  }

  @Test
  void withWithoutBuilder() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: site, command: make, deps: [web/], with: {context: web}}
        """))
        .containsExactly(
            "devd.yaml:2:46: images[0].with: \"with\" sets parameters of a builder preset, but there is no builder; add "
                + "builder: NAME (e.g. builder: docker) or remove with:");
  }

  @Test
  void brokenProjectPresetIsReportedAgainstItsFileOnce() {
    project.file(
        ".devd/builders/mine.yaml",
        """
        description: a preset with mistakes
        params:
          context: {required: true, default: .}
          flags: {descripton: extra flags}
        command: build {{contxt}}
        """);
    assertThat(
            project.report(
                """
        images:
          - {ref: a, builder: mine}
          - {ref: b, builder: mine}
        """))
        .containsExactly(
            ".devd/builders/mine.yaml:3:3: params.context: parameter \"context\" is required and has a default; remove "
                + "one of them",
            ".devd/builders/mine.yaml:4:3: params.flags: parameter \"flags\" has no default and is not required; add "
                + "default: VALUE or required: true",
            ".devd/builders/mine.yaml:4:11: params.flags.descripton: unknown key \"descripton\"; did you mean "
                + "\"description\"?",
            ".devd/builders/mine.yaml:5:10: command: {{contxt}} is not a parameter of this preset; declare it under "
                + "params:",
            "devd.yaml and the files it names have 4 problems; nothing was started.");
  }

  @Test
  void presetFileWithASyntaxError() {
    project.file(".devd/builders/mine.yaml", "command: [unclosed\n");
    assertThat(
            project.problems(
                """
        images: [{ref: a, builder: mine, deps: [src/]}]
        """))
        .containsExactly(
            ".devd/builders/mine.yaml:2:1: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a "
                + "flow sequence that starts at line 1); fix the YAML at that place");
  }

  static final List<String> SHIPPED = BuilderPresets.SHIPPED;

  @ParameterizedTest
  @FieldSource("SHIPPED")
  void shippedPresetLoadsAndExpandsWithExampleValues(String name) {
    Problems problems = new Problems("devd.yaml");
    BuilderPresets.Lookup lookup = new BuilderPresets(root, problems).find(name);
    assertThat(problems.sorted()).isEmpty();
    assertThat(lookup).isInstanceOf(BuilderPresets.Found.class);
    BuilderPreset preset = ((BuilderPresets.Found) lookup).preset();
    assertThat(preset.description()).isNotBlank();
    assertThat(preset.commandBat()).isPresent();
    Map<String, List<String>> required = new TreeMap<>();
    preset.params().values().stream()
        .filter(BuilderPreset.Param::required)
        .forEach(p -> required.put(p.name(), List.of("x")));
    PresetExpander.Expansion expansion = PresetExpander.expand(preset, required);
    // Every preset builds to what devd expects ($EXPECTED_REF, or for ko the same ref from its
    // parts).
    assertThat(expansion.command()).containsPattern("\\$\\{?EXPECTED_REF").doesNotContain("{{");
    assertThat(expansion.commandBat().orElseThrow()).contains("%EXPECTED_").doesNotContain("{{");
  }

  @Test
  void theShippedListMatchesTheFilesInConfigBuilders() throws IOException {
    // Tests run in app/; the presets live in the repository's top-level config/builders/.
    try (Stream<Path> files = Files.list(Path.of("..", "config", "builders"))) {
      assertThat(files.map(f -> f.getFileName().toString().replace(".yaml", "")).sorted())
          .containsExactlyElementsOf(BuilderPresets.SHIPPED);
    }
  }

  @Test
  void emptyListParameterLeavesNoDoubleSpace() {
    BuilderPreset preset =
        new BuilderPreset(
            "t",
            "t.yaml",
            "",
            new TreeMap<>(
                Map.of(
                    "args", new BuilderPreset.Param("args", true, false, List.of(), ""),
                    "dir", new BuilderPreset.Param("dir", false, false, List.of("."), ""))),
            "build {{args}} {{ dir }} --end {{args}}",
            Optional.empty(),
            List.of("{{dir}}", "{{args}}"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    PresetExpander.Expansion expansion = PresetExpander.expand(preset, Map.of());
    assertThat(expansion.command()).isEqualTo("build . --end");
    assertThat(expansion.deps()).containsExactly(".");
  }
}
