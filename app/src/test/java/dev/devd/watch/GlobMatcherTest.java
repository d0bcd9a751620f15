package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The regexp-free fast path answers exactly like the translated Go regexp it stands in for. */
class GlobMatcherTest {
  private static final List<String> PATHS = List.of(
      "", "a", "b", "ab", "a.log", "x.log", "a/b", "a/b/c", "a/x/y/b", "a/x\ny/b", "ax/b", "axb", "a/", "/a",
      "logs/a.log", "logs/sub/a.log", "node_modules", "web/node_modules", "\uD83D\uDE00", "a\uD83D\uDE00b",
      "a\nb", "a/b\n", "x.log\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "+()$.", "a+b");

  static Stream<String> globs() {
    return Stream.of("*.log", "**/*.log", "a/**/b", "a**b", "a*", "*a", "?", "??", "a?b", "*/*", "**/*", "a/**/*",
        "*.*", "a/*/b", "**/a/**/b/*", "*a*a*a*a*b", "**/**/x", "a*b**", "***", "+()$.*", "a+b?", "?\uD83D\uDE00?",
        "**?", "*/**", "\uFEFF*.log");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("globs")
  void agreesWithTheRegexp(String glob) throws PatternSyntaxProblem {
    DockerPatternTranslator.Translation translation = DockerPatternTranslator.translate(glob);
    assertThat(translation.kind()).isEqualTo(IgnorePattern.Kind.REGEXP);
    assertThat(translation.glob()).as("a fast path for %s", glob).isNotNull();
    Pattern regexp = Pattern.compile(GoRegexpTranslator.translate(translation.goRegexp()).pattern());

    for (String path : PATHS) {
      Matcher matcher = regexp.matcher(path);
      assertThat(translation.glob().matches(path, path.length()))
          .as("%s on %s (regexp %s)", glob, path.replace("\n", "\\n"), regexp)
          .isEqualTo(matcher.find());
      for (int end = 0; end < path.length(); end++) {
        if (path.charAt(end) != '/') continue;
        matcher.region(0, end);
        assertThat(translation.glob().matches(path, end))
            .as("%s on the parent %s", glob, path.substring(0, end))
            .isEqualTo(matcher.find());
      }
    }
  }

  static Stream<String> notGlobs() {
    return Stream.of("[a]*", "a]*", "a\\*", "a{2}*", "a}*", "*.txt|*.md", "a^*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notGlobs")
  void leavesRealRegexpSyntaxToTheRegexp(String pattern) {
    assertThat(DockerPatternTranslator.translate(pattern).glob()).isNull();
  }
}
