package dev.devd.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one search for "the path or a parent" answers as a search of the path and of each parent
 * would.
 */
class GoRegexpCompilerTest {
  private static final List<String> PATHS =
      List.of(
          "a",
          "b",
          "ab",
          "a/b",
          "a/b/c",
          "x/a",
          "b/a",
          "a.txt",
          "a.txt/x",
          "d/x.md",
          "x.md/y",
          "a b/c",
          "a{{b/c",
          "ab/",
          "a/\n/b",
          "é/a",
          "a_/b",
          "a_b/c",
          "src/[draft]1/x",
          "a\nb/c");

  static Stream<String> patterns() {
    return Stream.of(
        "*.txt|*.md",
        "a\\b*",
        "a\\B*",
        "a\\z*",
        "[\\w]*/b",
        "**/b|a",
        "a{{2}*",
        "x\\ y",
        "\\Qa\\E*",
        "src/\\[draft\\]*",
        "[a-]*",
        "**/[\\d]*.csv",
        "a|b",
        "a\\",
        "\\p{L}*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void oneSearchForThePathAndItsParentsAgreesWithASearchOfEach(String pattern)
      throws PatternSyntaxProblem {
    DockerPatternTranslator.Translation translation = DockerPatternTranslator.translate(pattern);
    if (translation.goRegexp() == null) return; // not a regexp in Docker: nothing to compile
    CompiledPattern.Regexp regexp =
        new CompiledPattern.Regexp(GoRegexpCompiler.compile(translation.goRegexp()));
    for (String path : PATHS) {
      CleanPath clean = CleanPath.of(path);
      boolean anyEnd = false;
      for (int end : clean.ends) anyEnd |= regexp.matches(path, end);
      assertThat(regexp.matchesSelfOrParent(clean))
          .as("%s on %s or a parent", pattern, path)
          .isEqualTo(anyEnd);
    }
  }
}
