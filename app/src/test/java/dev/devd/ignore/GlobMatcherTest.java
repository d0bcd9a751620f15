package dev.devd.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The regexp-free fast path answers exactly like the translated Go regexp it stands in for. */
class GlobMatcherTest {
  private static final List<String> PATHS =
      List.of(
          "",
          "a",
          "b",
          "ab",
          "a.log",
          "x.log",
          "a/b",
          "a/b/c",
          "a/x/y/b",
          "a/x\ny/b",
          "ax/b",
          "axb",
          "a/",
          "/a",
          "logs/a.log",
          "logs/sub/a.log",
          "node_modules",
          "web/node_modules",
          "\uD83D\uDE00",
          "a\uD83D\uDE00b",
          "a\nb",
          "a/b\n",
          "x.log\n",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "+()$.",
          "a+b",
          "Thumbs.db",
          "x/thumbs.db",
          "a.o",
          "lib/x.a",
          "src/main.pyc",
          "\uD83D\uDE03x",
          "cx/y",
          ".x",
          "a/x/y");

  static Stream<String> globs() {
    return Stream.of(
        "*.log",
        "**/*.log",
        "a/**/b",
        "a**b",
        "a*",
        "*a",
        "?",
        "??",
        "a?b",
        "*/*",
        "**/*",
        "a/**/*",
        "*.*",
        "a/*/b",
        "**/a/**/b/*",
        "*a*a*a*a*b",
        "**/**/x",
        "a*b**",
        "***",
        "+()$.*",
        "a+b?",
        "?\uD83D\uDE00?",
        "**?",
        "*/**",
        "\uFEFF*.log",
        "[Tt]humbs.db",
        "**/*.[oa]",
        "*.py[cod]",
        "[^a]*",
        "[a-c]?",
        "[.]*",
        "[^/]x",
        "a[/]b",
        "**/[^x]",
        "[\uD83D\uDE00-\uD83D\uDE4F]*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("globs")
  void agreesWithTheRegexp(String glob) throws PatternSyntaxProblem {
    DockerPatternTranslator.Translation translation = DockerPatternTranslator.translate(glob);
    assertThat(translation.kind()).isEqualTo(IgnorePattern.Kind.REGEXP);
    assertThat(translation.glob()).as("a fast path for %s", glob).isNotNull();
    Pattern regexp = GoRegexpCompiler.compile(translation.goRegexp()).self();

    for (String path : PATHS) {
      boolean selfOrParent = false;
      boolean self = regexp.matcher(path).find();
      selfOrParent |= self;
      assertThat(translation.glob().matches(path, path.length()))
          .as("%s on %s (regexp %s)", glob, path.replace("\n", "\\n"), regexp)
          .isEqualTo(self);
      for (int end = 0; end < path.length(); end++) {
        if (path.charAt(end) != '/') continue;
        boolean parent = regexp.matcher(path.substring(0, end)).find();
        selfOrParent |= parent;
        assertThat(translation.glob().matches(path, end))
            .as("%s on the parent %s", glob, path.substring(0, end))
            .isEqualTo(parent);
      }
      if (path.startsWith("/"))
        continue; // rooted: Docker's parents "" and "/" are checked by the general loop
      assertThat(translation.glob().matchesSelfOrParent(CleanPath.of(path)))
          .as("%s on %s or a parent", glob, path.replace("\n", "\\n"))
          .isEqualTo(selfOrParent);
    }
  }

  static Stream<String> notGlobs() {
    return Stream.of(
        "[z-a]*",
        "[a-]*",
        "[-a]*",
        "[[]",
        "[\\d]",
        "[]a]",
        "[a*]",
        "[a^]",
        "[^]",
        "a]*",
        "a\\*",
        "a{2}*",
        "a}*",
        "*.txt|*.md",
        "a^*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notGlobs")
  void leavesRealRegexpSyntaxToTheRegexp(String pattern) {
    assertThat(DockerPatternTranslator.translate(pattern).glob()).isNull();
  }
}
