package dev.devd.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several sources together, the built-ins, ignored files and folder skipping, on absolute paths.
 */
class IgnoreRulesTest {
  @TempDir Path root;

  private IgnoreSource source(String name, String base, String... patterns) {
    return new IgnoreSource(name, root.resolve(base), DockerIgnore.parse(List.of(patterns)));
  }

  private IgnoreRules rules(IgnoreSource... sources) {
    return IgnoreRules.of(List.of(sources), Set.of());
  }

  @Test
  void anExceptionInOneSourceNeverReincludesWhatAnotherIgnores() {
    IgnoreRules rules =
        rules(
            source("devd.yaml watch.ignore", "", "**/*.log"),
            source("web/.dockerignore", "web", "*", "!debug.log"));

    assertThat(rules.ignoredBy(root.resolve("web/debug.log")))
        .contains(new IgnoreMatch("**/*.log", "devd.yaml watch.ignore"));
    assertThat(rules.ignoredBy(root.resolve("web/index.html")))
        .contains(new IgnoreMatch("*", "web/.dockerignore"));
    assertThat(rules.ignoredBy(root.resolve("api/main.go"))).isEmpty();
  }

  @Test
  void aSourceOnlyJudgesPathsInsideItsBaseAndRelativeToIt() {
    IgnoreRules rules = rules(source("web/.dockerignore", "web", "node_modules", "**"));

    assertThat(rules.ignoredBy(root.resolve("web/node_modules/x.js")))
        .contains(new IgnoreMatch("node_modules", "web/.dockerignore"));
    assertThat(rules.ignores(root.resolve("node_modules/x.js"))).isFalse();
    assertThat(rules.ignores(root.resolve("webapp/x.js")))
        .as("a sibling that shares the name's start")
        .isFalse();
    assertThat(rules.ignores(root.resolve("web")))
        .as("the base itself, Docker's context root")
        .isFalse();
  }

  @Test
  void reportsTheFirstSourceInOrderThatIgnores() {
    IgnoreRules rules =
        rules(
            source("devd.yaml images[0].ignore", "web", "*.tmp"),
            source("devd.yaml watch.ignore", "", "**/*.tmp"));

    assertThat(rules.ignoredBy(root.resolve("web/a.tmp")))
        .contains(new IgnoreMatch("*.tmp", "devd.yaml images[0].ignore"));
    assertThat(rules.ignoredBy(root.resolve("web/sub/a.tmp")))
        .contains(new IgnoreMatch("**/*.tmp", "devd.yaml watch.ignore"));
  }

  @Test
  void normalizesPathsAndRejectsRelativeOnes() {
    IgnoreRules rules = rules(source("devd.yaml watch.ignore", "", "dist"));

    assertThat(rules.ignores(root.resolve("web/../dist/./app.js"))).isTrue();
    assertThatThrownBy(() -> rules.ignoredBy(Path.of("dist/app.js")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute path");
  }

  static Stream<Arguments> builtIns() {
    return Stream.of(
        arguments(".git", Optional.of(".git/")),
        arguments(".git/config", Optional.of(".git/")),
        arguments("vendor/lib/.git/HEAD", Optional.of(".git/")),
        arguments(".devd/devd.log", Optional.of(".devd/")),
        arguments("web/.devd", Optional.of(".devd/")),
        arguments("src/main.go~", Optional.of("*~")),
        arguments("backup~/main.go", Optional.of("*~")),
        arguments("src/.main.go.swp", Optional.of(".*.swp")),
        arguments(".main.go.swx", Optional.of(".*.swx")),
        arguments(".main.go.swo", Optional.of(".*.swo")),
        arguments(".main.go.swn", Optional.of(".*.swn")),
        arguments("src/.main.go.kate-swp", Optional.of(".*.kate-swp")),
        arguments("src/4913", Optional.of("4913")),
        arguments("#main.go#", Optional.of("#*#")),
        arguments("src/.#main.go", Optional.of(".#*")),
        arguments("k8s/app.yaml___jb_tmp___", Optional.of("*___jb_tmp___")),
        arguments("k8s/app.yaml___jb_old___", Optional.of("*___jb_old___")),
        arguments("src/flymake_main.go", Optional.of("flymake_*.*")),
        arguments("go/app/1234-go-tmp-umask", Optional.of("*-go-tmp-umask")),
        arguments(".idea/workspace.xml", Optional.of(".idea/**")),
        arguments(".idea", Optional.empty()),
        arguments("main.go", Optional.empty()),
        arguments(".gitignore", Optional.empty()),
        arguments(".devdignore", Optional.empty()),
        arguments(".swp", Optional.empty()),
        arguments("a.swp", Optional.empty()),
        arguments("#", Optional.empty()),
        arguments("flymake_main", Optional.empty()),
        arguments("49130", Optional.empty()),
        arguments("git/config", Optional.empty()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("builtIns")
  void builtInsIgnoreVcsDevdAndEditorFilesAtAnyDepth(String path, Optional<String> pattern) {
    IgnoreRules rules = rules(source("devd.yaml watch.ignore", ""));

    assertThat(rules.ignoredBy(root.resolve(path)))
        .isEqualTo(pattern.map(p -> new IgnoreMatch(p, IgnoreMatch.BUILT_IN)));
  }

  @Test
  void builtInsLookOnlyBelowTheOutermostBase() {
    Path project = root.resolve("backup~/.git/worktrees/proj");
    IgnoreRules rules =
        IgnoreRules.of(
            List.of(new IgnoreSource("devd.yaml watch.ignore", project, DockerIgnore.EMPTY)),
            Set.of());

    assertThat(rules.ignores(project)).isFalse();
    assertThat(rules.ignores(project.resolve("main.go"))).isFalse();
    assertThat(rules.ignores(project.resolve("main.go~"))).isTrue();
    assertThat(rules.skipsDirectory(project)).isFalse();
  }

  @Test
  void withoutASourceAroundItOnlyTheFileNameMeetsTheBuiltIns() {
    IgnoreRules rules = rules(source("web/.dockerignore", "web"));

    assertThat(rules.ignores(root.resolve("elsewhere~/Dockerfile"))).isFalse();
    assertThat(rules.ignores(root.resolve("elsewhere/Dockerfile~"))).isTrue();
  }

  @Test
  void ignoresTheGivenFilesByExactPath() {
    Path refFile = root.resolve("build/ref.txt");
    IgnoreRules rules =
        IgnoreRules.of(List.of(source("devd.yaml watch.ignore", "")), Set.of(refFile));

    assertThat(rules.ignoredBy(refFile))
        .contains(new IgnoreMatch("build/ref.txt", IgnoreMatch.BUILT_IN));
    assertThat(rules.ignores(root.resolve("build/ref.txt.bak"))).isFalse();
    assertThat(rules.ignores(root.resolve("build"))).isFalse();
  }

  static Stream<Arguments> folders() {
    return Stream.of(
        arguments(List.of("node_modules"), "node_modules", true),
        arguments(List.of("node_modules"), "node_modules/pkg", true),
        arguments(List.of("node_modules", "!node_modules/keep"), "node_modules", false),
        arguments(List.of("**/*.log"), "logs", false),
        arguments(List.of("**/node_modules"), "web/node_modules", true),
        arguments(List.of("*", "!pkg/**/*.go"), "pkg/internal", false),
        arguments(List.of(), ".git", true),
        arguments(List.of(), "vendor/.git/objects", true),
        arguments(List.of(), ".devd", true),
        arguments(List.of(), ".idea", false),
        arguments(List.of(), ".idea/inspections", true),
        arguments(List.of(), "src", false),
        arguments(List.of("**"), "", false));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("folders")
  void skipsAFolderOnlyWhenEverythingBelowIsIgnored(
      List<String> patterns, String dir, boolean skipped) {
    IgnoreRules rules =
        rules(new IgnoreSource("devd.yaml watch.ignore", root, DockerIgnore.parse(patterns)));

    assertThat(rules.skipsDirectory(root.resolve(dir))).isEqualTo(skipped);
  }

  @Test
  void oneSourceCoveringAFolderIsEnoughToSkipIt() {
    IgnoreRules rules =
        rules(
            source("web/.dockerignore", "web", "build", "!build/keep"),
            source("devd.yaml watch.ignore", "", "web/build"));
    IgnoreRules alone = rules(source("web/.dockerignore", "web", "build", "!build/keep"));

    assertThat(rules.skipsDirectory(root.resolve("web/build"))).isTrue();
    assertThat(alone.skipsDirectory(root.resolve("web/build"))).isFalse();
  }

  @Test
  void aBadPatternFailsWhenEvaluatedAndNamesItself() {
    IgnoreRules rules = rules(source("web/.dockerignore", "web", "a", "[z-a]"));

    assertThat(rules.ignores(root.resolve("web/a"))).isTrue();
    assertThatThrownBy(() -> rules.ignoredBy(root.resolve("web/b")))
        .isInstanceOf(InvalidIgnorePatternException.class)
        .hasMessage(
            "invalid pattern \"[z-a]\": character range \"z-a\" is reversed; write the range from low to "
                + "high, e.g. \"[a-z]\"");
  }
}
