package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.devd.config.Cmd;
import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.Runtime;
import dev.devd.config.SourceLocation;
import dev.devd.config.WatchSettings;
import dev.devd.ignore.IgnoreMatch;
import dev.devd.ignore.IgnoreRules;
import dev.devd.ignore.IgnoreSource;
import dev.devd.ignore.InvalidIgnorePatternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sources of SPEC §2, built from config records and real files in a temp project. */
class IgnoreRulesFactoryTest {
  @TempDir Path root;

  private final IgnoreRulesFactory factory = new IgnoreRulesFactory();

  private Path write(String relative, String... lines) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
    return file;
  }

  private ProjectConfig project(
      List<String> watchIgnore, List<ImageConfig> images, List<LocalResourceConfig> locals) {
    return new ProjectConfig(
        root.resolve("devd.yaml"),
        root,
        List.of(),
        List.of(),
        Optional.empty(),
        Runtime.AUTO,
        new WatchSettings(
            watchIgnore, WatchSettings.DEFAULT_DEBOUNCE, WatchSettings.DEFAULT_MAX_WAIT),
        images,
        Map.of(),
        locals,
        List.of(),
        ProjectConfig.DEFAULT_MAX_PARALLEL_UPDATES,
        ProjectConfig.DEFAULT_KEEP,
        List.of(),
        Map.of());
  }

  private ImageConfig image(
      List<String> deps, List<String> ignore, Optional<String> outputsImageRefTo) {
    return new ImageConfig(
        "web",
        Cmd.shell("docker build -t $EXPECTED_REF ."),
        Optional.empty(),
        deps.stream().map(root::resolve).toList(),
        ignore,
        false,
        false,
        Optional.empty(),
        outputsImageRefTo.map(root::resolve),
        Map.of(),
        root,
        List.of(),
        false,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        true,
        Optional.empty(),
        0,
        SourceLocation.UNKNOWN);
  }

  private LocalResourceConfig localResource(List<String> deps, List<String> ignore) {
    return new LocalResourceConfig(
        "unit-tests",
        Optional.of(Cmd.shell("go test ./...")),
        Optional.empty(),
        deps.stream().map(root::resolve).toList(),
        ignore,
        root,
        Map.of(),
        Optional.empty(),
        List.of(),
        true,
        List.of(),
        0,
        SourceLocation.UNKNOWN);
  }

  /** web/ and api/ are folder deps, Dockerfile a file dep; every kind of source is present. */
  private IgnoreRules imageRules() throws IOException {
    write("web/.dockerignore", "# build output", "node_modules", "!node_modules/keep");
    write("api/.gitkeep");
    write("Dockerfile", "FROM scratch");
    write(".devdignore", "secrets");
    ImageConfig image =
        image(List.of("web", "api", "Dockerfile"), List.of("*.tmp"), Optional.of("ref.txt"));
    return factory.forImage(project(List.of("**/*.log"), List.of(image), List.of()), image);
  }

  static Stream<Arguments> imagePaths() {
    return Stream.of(
        arguments(
            "web/node_modules/x.js",
            Optional.of(new IgnoreMatch("node_modules", "web/.dockerignore"))),
        arguments("web/node_modules/keep", Optional.empty()),
        arguments("node_modules/x.js", Optional.empty()),
        arguments("web/a.tmp", Optional.of(new IgnoreMatch("*.tmp", "devd.yaml images[0].ignore"))),
        arguments("api/a.tmp", Optional.of(new IgnoreMatch("*.tmp", "devd.yaml images[0].ignore"))),
        arguments("a.tmp", Optional.empty()),
        arguments("web/sub/a.tmp", Optional.empty()),
        arguments("web/x.log", Optional.of(new IgnoreMatch("**/*.log", "devd.yaml watch.ignore"))),
        arguments("x.log", Optional.of(new IgnoreMatch("**/*.log", "devd.yaml watch.ignore"))),
        arguments("secrets/key", Optional.of(new IgnoreMatch("secrets", ".devdignore"))),
        arguments("web/secrets", Optional.empty()),
        arguments("ref.txt", Optional.of(new IgnoreMatch("ref.txt", IgnoreMatch.BUILT_IN))),
        arguments("web/.git/HEAD", Optional.of(new IgnoreMatch(".git/", IgnoreMatch.BUILT_IN))),
        arguments(".devd/devd.log", Optional.of(new IgnoreMatch(".devd/", IgnoreMatch.BUILT_IN))),
        arguments("web/index.html~", Optional.of(new IgnoreMatch("*~", IgnoreMatch.BUILT_IN))),
        arguments("web/index.html", Optional.empty()),
        arguments("Dockerfile", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("imagePaths")
  void imageRulesCombineEverySource(String path, Optional<IgnoreMatch> match) throws IOException {
    assertThat(imageRules().ignoredBy(root.resolve(path))).isEqualTo(match);
  }

  @Test
  void imageSourcesAreNamedForUsersAndBasedWhereSpecSays() throws IOException {
    IgnoreRules rules = imageRules();

    assertThat(rules.sources())
        .extracting(IgnoreSource::name, s -> root.relativize(s.base()).toString())
        .containsExactly(
            Tuple.tuple("devd.yaml images[0].ignore", "web"),
            Tuple.tuple("devd.yaml images[0].ignore", "api"),
            Tuple.tuple("web/.dockerignore", "web"),
            Tuple.tuple("devd.yaml watch.ignore", ""),
            Tuple.tuple(".devdignore", ""));
    assertThat(rules.ignoredFiles()).containsExactly(root.resolve("ref.txt"));
  }

  @Test
  void imageRulesSkipWholeIgnoredFoldersOnly() throws IOException {
    IgnoreRules rules = imageRules();

    assertThat(rules.skipsDirectory(root.resolve("secrets"))).isTrue();
    assertThat(rules.skipsDirectory(root.resolve("web/node_modules")))
        .as("!node_modules/keep")
        .isFalse();
    assertThat(rules.skipsDirectory(root.resolve("web"))).isFalse();
  }

  @Test
  void aDepThatDoesNotExistYetIsTreatedAsAFolder() throws IOException {
    ImageConfig image = image(List.of("generated"), List.of("*.tmp"), Optional.empty());
    IgnoreRules rules = factory.forImage(project(List.of(), List.of(image), List.of()), image);

    assertThat(rules.ignores(root.resolve("generated/a.tmp"))).isTrue();
  }

  @Test
  void aDepOutsideTheProjectIsNamedRelativeToIt() throws IOException {
    Path projectRoot = root.resolve("proj");
    Files.createDirectories(projectRoot);
    write("lib/.dockerignore", "*.o");
    ImageConfig image =
        new ImageConfig(
            "web",
            Cmd.shell("make"),
            Optional.empty(),
            List.of(root.resolve("lib")),
            List.of(),
            false,
            false,
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            projectRoot,
            List.of(),
            false,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            true,
            Optional.empty(),
            0,
            SourceLocation.UNKNOWN);
    ProjectConfig project =
        new ProjectConfig(
            projectRoot.resolve("devd.yaml"),
            projectRoot,
            List.of(),
            List.of(),
            Optional.empty(),
            Runtime.AUTO,
            WatchSettings.DEFAULTS,
            List.of(image),
            Map.of(),
            List.of(),
            List.of(),
            ProjectConfig.DEFAULT_MAX_PARALLEL_UPDATES,
            ProjectConfig.DEFAULT_KEEP,
            List.of(),
            Map.of());

    IgnoreRules rules = factory.forImage(project, image);

    assertThat(rules.ignoredBy(root.resolve("lib/x.o")))
        .contains(new IgnoreMatch("*.o", "../lib/.dockerignore"));
    assertThat(rules.ignoredBy(root.resolve("lib/.git/HEAD")))
        .contains(new IgnoreMatch(".git/", "built-in"));
  }

  @Test
  void localResourcesUseTheirIgnoreButNotTheDepsDockerignore() throws IOException {
    write("api/.dockerignore", "*_test.go");
    LocalResourceConfig resource = localResource(List.of("api"), List.of("*.out"));

    IgnoreRules rules =
        factory.forLocalResource(
            project(List.of("**/*.log"), List.of(), List.of(resource)), resource);

    assertThat(rules.ignores(root.resolve("api/handler_test.go"))).isFalse();
    assertThat(rules.ignoredBy(root.resolve("api/cover.out")))
        .contains(new IgnoreMatch("*.out", "devd.yaml localResources[0].ignore"));
    assertThat(rules.ignoredBy(root.resolve("api/x.log")))
        .contains(new IgnoreMatch("**/*.log", "devd.yaml watch.ignore"));
  }

  static Stream<Arguments> badPatterns() {
    return Stream.of(
        arguments(
            "web/.dockerignore",
            "web/.dockerignore:2: invalid pattern \"[z-a]\": character range \"z-a\" is "
                + "reversed; write the range from low to high, e.g. \"[a-z]\""),
        arguments(
            ".devdignore",
            ".devdignore:2: invalid pattern \"[z-a]\": character range \"z-a\" is reversed; "
                + "write the range from low to high, e.g. \"[a-z]\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPatterns")
  void rejectsAnIgnoreFileWithAPatternDockerCouldFailOn(String file, String message)
      throws IOException {
    // Docker itself would only fail on [z-a] once a path reaches it; devd says so up front.
    write(file, "ok", "[z-a]");
    ImageConfig image = image(List.of("web"), List.of(), Optional.empty());

    assertThatThrownBy(() -> factory.forImage(project(List.of(), List.of(image), List.of()), image))
        .isInstanceOf(InvalidIgnorePatternException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsABadConfigPatternNamingItsListIndex() {
    ImageConfig image = image(List.of("web"), List.of("*.tmp", "[a-"), Optional.empty());

    assertThatThrownBy(() -> factory.forImage(project(List.of(), List.of(image), List.of()), image))
        .isInstanceOf(InvalidIgnorePatternException.class)
        .hasMessage(
            "devd.yaml images[0].ignore[1]: invalid pattern \"[a-\": unclosed character class; close it with "
                + "\"]\", or write \"\\[\" to match a \"[\"");
    assertThatThrownBy(
            () -> factory.forImage(project(List.of("!"), List.of(image), List.of()), image))
        .hasMessageStartingWith("devd.yaml");
  }
}
