package dev.devd.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every case of the .dockerignore conformance corpus (shared/conformance/dockerignore, beside
 * the repository, or the copy in test resources) through the rules the watcher uses: one {@link
 * IgnoreSource} with the case's patterns over a temp folder, built-ins on. Each case also checks
 * the bare {@link DockerIgnore} verdict, which no built-in can mask.
 */
class DockerIgnoreConformanceTest {
  private static final String CORPUS = "conformance/dockerignore/cases.json";

  // Cases whose path devd's built-ins always ignore while Docker keeps it: the watcher's verdict
  // differs on purpose.
  private static final List<String> MASKED_BY_BUILT_INS = List.of();

  // Cases whose path is rooted ("/", "/any/path/there"): kept verbatim from upstream tests, they
  // name no file inside
  // a folder, so only the matcher itself can be asked about them.
  private static final List<String> ROOTED =
      List.of("pm-no-patterns", "pm-malformed", "pm-matches-05", "pm-matches-06");

  record Case(
      String id,
      List<String> patterns,
      String path,
      boolean error,
      boolean ignored,
      Boolean skipDir) {
    boolean rooted() {
      return path.startsWith("/");
    }
  }

  static Stream<Named<Case>> cases() {
    return loadCases().stream().map(c -> Named.of(c.id(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesDocker(Case c, @TempDir Path base) {
    DockerIgnore patterns;
    try {
      patterns = DockerIgnore.parse(c.patterns());
    } catch (InvalidIgnorePatternException e) {
      assertThat(c.error())
          .as("Docker loads %s, devd refused: %s", c.patterns(), e.getMessage())
          .isTrue();
      return;
    }
    String source = "cases.json " + c.id();
    IgnoreRules rules = IgnoreRules.of(List.of(new IgnoreSource(source, base, patterns)), Set.of());

    if (c.error()) {
      assertThatThrownBy(() -> patterns.ignores(c.path()))
          .isInstanceOf(InvalidIgnorePatternException.class);
      if (!c.rooted()) {
        assertThatThrownBy(() -> rules.ignoredBy(base.resolve(c.path())))
            .isInstanceOf(InvalidIgnorePatternException.class);
      }
      return;
    }
    assertThat(patterns.ignores(c.path())).as("DockerIgnore verdict").isEqualTo(c.ignored());
    if (c.rooted()) return;

    Path file = base.resolve(c.path());
    assumeFalse(MASKED_BY_BUILT_INS.contains(c.id()), "devd's built-ins always ignore " + c.path());
    Optional<IgnoreMatch> match = rules.ignoredBy(file);
    assertThat(match.isPresent()).as("IgnoreRules verdict, %s", match).isEqualTo(c.ignored());
    if (match.isPresent() && !isIgnoredByBuiltIns(base, file)) {
      assertThat(match.get().source()).isEqualTo(source);
      assertThat(patterns.decidingPattern(c.path()).map(IgnorePattern::text))
          .contains(match.get().pattern());
    }
    if (c.skipDir() != null) {
      assertThat(rules.skipsDirectory(file)).as("skipsDirectory").isEqualTo(c.skipDir());
    }
  }

  @Test
  void builtInsMaskExactlyTheKnownCases(@TempDir Path base) {
    List<String> masked =
        loadCases().stream()
            .filter(c -> !c.error() && !c.ignored() && !c.rooted())
            .filter(c -> isIgnoredByBuiltIns(base, base.resolve(c.path())))
            .map(Case::id)
            .toList();
    System.out.printf(
        "%d conformance cases skipped for IgnoreRules (built-ins ignore the path): %s%n",
        masked.size(), masked);
    assertThat(masked).containsExactlyElementsOf(MASKED_BY_BUILT_INS);
  }

  @Test
  void rootedPathsAreExactlyTheKnownCases() {
    assertThat(loadCases().stream().filter(Case::rooted).map(Case::id))
        .containsExactlyElementsOf(ROOTED);
  }

  @Test
  void corpusHasCasesWithUniqueIds() {
    List<Case> cases = loadCases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(400);
    assertThat(cases.stream().map(Case::id)).doesNotHaveDuplicates();
  }

  @Test
  void bundledCopyIsIdenticalToSharedCorpus() throws IOException {
    Optional<Path> shared = sharedCorpus();
    assumeTrue(
        shared.isPresent(), "no shared/ folder beside the repository; the bundled copy is used");
    try (InputStream bundled = bundledCorpus()) {
      assertThat(bundled.readAllBytes())
          .as("app/src/test/resources/%s must be an unchanged copy of %s", CORPUS, shared.get())
          .isEqualTo(Files.readAllBytes(shared.get()));
    }
  }

  private static boolean isIgnoredByBuiltIns(Path base, Path file) {
    return IgnoreRules.of(List.of(new IgnoreSource("none", base, DockerIgnore.EMPTY)), Set.of())
        .ignores(file);
  }

  private static List<Case> loadCases() {
    JsonNode root;
    try (InputStream in =
        sharedCorpus().isPresent() ? Files.newInputStream(sharedCorpus().get()) : bundledCorpus()) {
      root = JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    for (JsonNode node : root.values()) {
      List<String> patterns = new ArrayList<>();
      node.get("patterns").values().forEach(p -> patterns.add(p.stringValue()));
      cases.add(
          new Case(
              node.get("id").stringValue(),
              List.copyOf(patterns),
              node.get("path").stringValue(),
              node.path("error").asBoolean(false),
              node.path("ignored").asBoolean(false),
              node.has("skip_dir") ? node.get("skip_dir").booleanValue() : null));
    }
    return cases;
  }

  private static InputStream bundledCorpus() {
    InputStream in = DockerIgnoreConformanceTest.class.getResourceAsStream("/" + CORPUS);
    if (in == null) throw new IllegalStateException("test resource " + CORPUS + " is missing");
    return in;
  }

  /**
   * shared/conformance/dockerignore/cases.json in the folder that holds the repository, if it is
   * there.
   */
  private static Optional<Path> sharedCorpus() {
    Path parent = repositoryRoot().getParent();
    if (parent == null) return Optional.empty();
    Path corpus = parent.resolve("shared").resolve(CORPUS);
    return Files.isRegularFile(corpus) ? Optional.of(corpus) : Optional.empty();
  }

  /** The folder of the root pom.xml: the topmost of the nested pom.xml folders around user.dir. */
  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("pom.xml"))) dir = dir.getParent();
    if (dir == null)
      throw new IllegalStateException("no pom.xml above " + System.getProperty("user.dir"));
    while (dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve("pom.xml")))
      dir = dir.getParent();
    return dir;
  }
}
