package dev.devd.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Docker's matching where the corpus has no case: Go regexp syntax reaching Java, messages,
 * directory skipping.
 */
class DockerIgnoreTest {

  static Stream<Arguments> goRegexpSemantics() {
    return Stream.of(
        // '[' inside a class is a literal in Go (a nested class in Java): [*] becomes [[^/]*].
        arguments(List.of("[*]"), "]", true),
        arguments(List.of("[*]"), "[^]", true),
        arguments(List.of("[*]"), "a]", false),
        arguments(List.of("[[]"), "[", true),
        // '&&' is literal in Go (intersection in Java).
        arguments(List.of("[a&&b]"), "&", true),
        arguments(List.of("[a&&b]"), "b", true),
        // \d \w \b are ASCII-only in Go.
        arguments(List.of("\\d"), "5", true),
        arguments(List.of("\\d"), "\u0665", false),
        arguments(List.of("\\w*"), "_x1", true),
        arguments(List.of("\\w*"), "\u00e9", false),
        arguments(List.of("a\\b\u00e9"), "a\u00e9", true),
        // A Perl class before '-' leaves the '-' a literal.
        arguments(List.of("[\\d-z]"), "-", true),
        arguments(List.of("[\\d-z]"), "y", false),
        arguments(List.of("[[:alpha:]]"), "a", true),
        arguments(List.of("[[:alpha:]]"), "1", false),
        arguments(List.of("[[:^digit:]]"), "x", true),
        // '$' is the end of the text, not "before a final newline".
        arguments(List.of("[a]"), "a", true),
        arguments(List.of("[a]"), "a\n", false),
        // '|' and '{}' reach Go's regexp raw, but only when the pattern is a regexp at all.
        arguments(List.of("*.txt|*.md"), "a.txt.bak", true),
        arguments(List.of("*.txt|*.md"), "d/x.md", true),
        arguments(List.of("*.txt|*.md"), "x.mdx", false),
        arguments(List.of("a|b"), "a", false),
        arguments(List.of("a|b"), "a|b", true),
        arguments(List.of("a{2}*"), "aab", true),
        arguments(List.of("a{2}*"), "ab", false),
        arguments(List.of("a{,2}*"), "a{,2}x", true),
        arguments(List.of("**{2}"), "x{2}", true),
        // A literal '{' before a repeat is repeated (RE2/J alone would call it a nested repeat).
        arguments(List.of("x{{2}*"), "x{{y", true),
        arguments(List.of("x{{2}*"), "x{y", false),
        // "[:]" in a class is a '[' and a ':' in Go (RE2/J alone would read a POSIX class named
        // ":").
        arguments(List.of("[[:]"), ":", true),
        arguments(List.of("[[:]"), "[", true),
        // Escapes Go understands: hex, octal, \Q..\E, Unicode classes.
        arguments(List.of("\\x41*"), "Ab", true),
        arguments(List.of("\\101"), "A", true),
        arguments(List.of("\\Qa*\\E*"), "a[^/]*", true),
        arguments(List.of("\\Qa*\\E*"), "ab", false),
        arguments(List.of("\\p{Greek}*"), "\u03b1x", true),
        arguments(List.of("\\p{Greek}*"), "ax", false),
        arguments(List.of("\\pL\\PL"), "a1", true),
        arguments(List.of("\\pL\\PL"), "ab", false),
        arguments(List.of("a\\nb"), "a\nb", true),
        arguments(List.of("a\\sb"), "a b", true),
        arguments(List.of("a\\sb"), "a\u000Bb", false),
        arguments(List.of("a\\z*"), "a", true),
        arguments(List.of("a\\z*"), "ab", false),
        arguments(List.of("a*|\\Ab"), "b", true),
        // '.' from "**" does not match a newline; '?' and [^..] take one code point, even outside
        // the BMP.
        arguments(List.of("a/**/b"), "a/x/y/b", true),
        arguments(List.of("a/**/b"), "a/x\ny/b", false),
        arguments(List.of("[a]/**/b"), "a/x\ny/b", false),
        arguments(List.of("?"), "\u00e9", true),
        arguments(List.of("?"), "\uD83D\uDE00", true),
        arguments(List.of("?"), "ab", false),
        arguments(List.of("[^a]"), "\uD83D\uDE00", true),
        // Reading: comments only at the very start, Go's whitespace set, BOM and CR.
        arguments(List.of("#x"), "#x", false),
        arguments(List.of(" #x"), "#x", true),
        arguments(List.of("\\#x"), "#x", true),
        arguments(List.of("\u00a0a"), "a", true),
        arguments(List.of("\u001ca"), "a", false),
        arguments(List.of("\uFEFF*.log"), "a.log", true),
        arguments(List.of("x", "\uFEFF**.log"), "a.log", false),
        arguments(List.of("a\r"), "a", true),
        arguments(List.of("a\nb"), "b", true),
        // The root is never ignored; paths are cleaned.
        arguments(List.of("**"), ".", false),
        arguments(List.of("**"), "", false),
        arguments(List.of("a"), "./a/", true),
        arguments(List.of("a"), "b/../a/c", true));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("goRegexpSemantics")
  void matchesLikeDocker(List<String> patterns, String path, boolean ignored) {
    assertThat(DockerIgnore.parse(patterns).ignores(path)).isEqualTo(ignored);
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        arguments(
            "[a-",
            "invalid pattern \"[a-\": unclosed character class; close it with \"]\", or write \"\\[\" to match "
                + "a \"[\""),
        arguments(
            "!",
            "invalid pattern \"!\": an exception needs a path after \"!\"; write what to re-include, such as "
                + "\"!keep.txt\", or remove the line"),
        arguments(
            "!  ",
            "invalid pattern \"!\": an exception needs a path after \"!\"; write what to re-include, such as "
                + "\"!keep.txt\", or remove the line"),
        arguments(
            "!/",
            "invalid pattern \"!/\": an exception needs a path after \"!\"; write what to re-include, such as "
                + "\"!keep.txt\", or remove the line"),
        arguments(
            "[z-a]",
            "invalid pattern \"[z-a]\": character range \"z-a\" is reversed; write the range from low to high, "
                + "e.g. \"[a-z]\""),
        arguments(
            "[Local-Only]/",
            "invalid pattern \"[Local-Only]/\": character range \"l-O\" is reversed; write the range from low "
                + "to high, e.g. \"[a-z]\""),
        arguments(
            "foo\\ ",
            "invalid pattern \"foo\\\": trailing backslash; write \"\\\\\" to match a backslash"),
        arguments(
            "a*[",
            "invalid pattern \"a*[\": unclosed character class; close it with \"]\", or write \"\\[\" to match "
                + "a \"[\""),
        arguments(
            "[]a]",
            "invalid pattern \"[]a]\": empty character class; write \"\\]\" to match a \"]\""),
        arguments(
            "[x-]",
            "invalid pattern \"[x-]\": character range has no end before \"]\"; write \"\\-\" to match a \"-\""),
        arguments(
            "[-x]",
            "invalid pattern \"[-x]\": \"-\" in a character class must sit between two characters; write "
                + "\"\\-\" to match a \"-\""),
        arguments(
            "\\q",
            "invalid pattern \"\\q\": invalid escape \"\\q\"; escape only punctuation, or write \"\\\\\" to "
                + "match a backslash"),
        arguments(
            "\\\u00e9*",
            "invalid pattern \"\\\u00e9*\": invalid escape \"\\\u00e9\"; escape only punctuation, or write \"\\\\\" "
                + "to match a backslash"),
        arguments(
            "a\\C*",
            "invalid pattern \"a\\C*\": invalid escape \"\\C\"; escape only punctuation, or write \"\\\\\" to "
                + "match a backslash"),
        arguments(
            "a{1001}*",
            "invalid pattern \"a{1001}*\": invalid repeat count \"{1001}\" (Docker passes braces to Go's "
                + "regexp, which allows at most 1000); write \"\\{\" to match a \"{\""),
        arguments(
            "a{2}{3}*",
            "invalid pattern \"a{2}{3}*\": \"{2}{3}\" repeats something that is already repeated (Go's regexp "
                + "rejects nested repetition); write \"\\{\" to match a \"{\""),
        arguments(
            "a{100}\\Q\\E{100}*",
            "invalid pattern \"a{100}\\Q\\E{100}*\": invalid repeat count \"{100}\": nested repeats multiply "
                + "past 1000; write \"\\{\" to match a \"{\""),
        arguments(
            "|{2}*",
            "invalid pattern \"|{2}*\": \"{2}\" has nothing before it to repeat; write \"\\{\" to match a \"{\""),
        arguments(
            "[[:foo:]]",
            "invalid pattern \"[[:foo:]]\": unknown character class \"[:foo:]\"; use one of alnum, alpha, "
                + "ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, xdigit"),
        arguments(
            "\\p{Klingon}",
            "invalid pattern \"\\p{Klingon}\": unknown Unicode class \"\\p{Klingon}\"; use a Unicode category "
                + "such as \\pL or a script of Unicode 6.0 such as \\p{Greek}, or write \"\\\\\" to match a backslash"),
        // Not as in Docker: RE2/J's Unicode tables are Unicode 6.0, and Adlam came with 9.0 (see
        // GoRegexpCompiler).
        arguments(
            "\\p{Adlam}",
            "invalid pattern \"\\p{Adlam}\": unknown Unicode class \"\\p{Adlam}\"; use a Unicode category "
                + "such as \\pL or a script of Unicode 6.0 such as \\p{Greek}, or write \"\\\\\" to match a backslash"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void problemWithSaysWhyDockerRejectsALine(String line, String message) {
    assertThat(DockerIgnore.problemWith(line)).contains(message);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("acceptedLines")
  void problemWithAcceptsWhatDockerAccepts(String line) {
    assertThat(DockerIgnore.problemWith(line)).isEmpty();
  }

  static Stream<String> acceptedLines() {
    return Stream.of(
        "*.log",
        "!keep.log",
        "**/node_modules",
        "# [comment",
        "a|b",
        "*.txt|*.md",
        "\\p{Greek}*",
        "[\\d]*",
        "a{2}*",
        "\\Qa*\\E",
        "\\P{^Lu}*",
        "[[:^alpha:]]",
        "**{2}",
        "[&&]",
        "");
  }

  @Test
  void problemsCarryTheLineAndAHint() {
    assertThatThrownBy(() -> DockerIgnore.parse(List.of("ok", "# comment", "[a-")))
        .isInstanceOfSatisfying(
            InvalidIgnorePatternException.class,
            e -> {
              assertThat(e.pattern()).isEqualTo("[a-");
              assertThat(e.reason()).isEqualTo("unclosed character class");
              assertThat(e.hint())
                  .isEqualTo("close it with \"]\", or write \"\\[\" to match a \"[\"");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.at("web/.dockerignore:3").getMessage())
                  .isEqualTo(
                      "web/.dockerignore:3: invalid pattern "
                          + "\"[a-\": unclosed character class; close it with \"]\", or write \"\\[\" to match a \"[\"");
            });
  }

  @Test
  void aBadRegexpFailsOnlyWhenDockerEvaluatesIt() {
    DockerIgnore ignore = DockerIgnore.parse(List.of("a", "[z-a]"));
    // Once "a" has matched, plain patterns are skipped, so [z-a] is never compiled.
    assertThat(ignore.ignores("a")).isTrue();
    assertThatThrownBy(() -> ignore.ignores("b"))
        .isInstanceOf(InvalidIgnorePatternException.class)
        .hasMessageStartingWith("invalid pattern \"[z-a]\": character range \"z-a\" is reversed;");
    // ... and fails again on every later use, like Docker's repeated calls.
    assertThatThrownBy(() -> ignore.ignores("c")).isInstanceOf(InvalidIgnorePatternException.class);
    assertThatThrownBy(ignore::checkAllCompile).isInstanceOf(InvalidIgnorePatternException.class);
  }

  static Stream<Arguments> decidingPatterns() {
    return Stream.of(
        arguments(List.of("*.log", "!keep.log", "keep.log"), "keep.log", Optional.of("keep.log")),
        arguments(List.of("*.log", "!keep.log"), "keep.log", Optional.empty()),
        arguments(List.of("*.log", "!keep.log"), "x.log", Optional.of("*.log")),
        arguments(List.of("docs", "!docs/README.md"), "docs/README.md", Optional.empty()),
        arguments(List.of("docs", "!docs/README.md"), "docs/a/b", Optional.of("docs")),
        // A second inclusion after a match is skipped, so the first one stays the decider.
        arguments(List.of("docs", "docs/a"), "docs/a", Optional.of("docs")),
        arguments(List.of("!a", "a"), "a", Optional.of("a")),
        arguments(List.of("/build/"), "build/out.jar", Optional.of("/build/")));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("decidingPatterns")
  void reportsThePatternThatDecided(List<String> patterns, String path, Optional<String> decider) {
    assertThat(DockerIgnore.parse(patterns).decidingPattern(path).map(IgnorePattern::text))
        .isEqualTo(decider);
  }

  static Stream<Arguments> wholeDirectories() {
    return Stream.of(
        arguments(List.of("node_modules"), "node_modules", true),
        arguments(List.of("node_modules"), "src", false),
        arguments(List.of("node_modules", "!node_modules/keep"), "node_modules", false),
        arguments(List.of("node_modules", "!node_modules/keep"), "node_modules/other", true),
        arguments(List.of("**/*.log"), "logs", false),
        arguments(List.of("x/**"), "x", false),
        arguments(List.of("x/**"), "x/y", true),
        arguments(List.of("*", "!pkg/**/*.go"), "pkg", false),
        arguments(List.of("*", "!pkg/**/*.go"), "docs", true),
        // An exception before the pattern that ignores the folder is a no-op for everything below.
        arguments(List.of("!x/keep", "x"), "x", true),
        arguments(List.of("x", "!y/keep"), "x", true),
        // Exceptions without fixed leading text could reach anywhere.
        arguments(List.of("x", "!**/keep"), "x", false),
        arguments(List.of("x", "!?/keep"), "x", false),
        arguments(List.of("x", "!*.go"), "x", false),
        arguments(List.of("x", "!x*/y"), "x", false),
        arguments(List.of("x", "!x{0}y/z"), "xy", false),
        arguments(List.of("a", "!a/b", "a/b/c"), "a/b/c", true),
        arguments(List.of("a", "!a/b", "a/b/c"), "a", false));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("wholeDirectories")
  void coversWholeDirectoryOnlyWhenNothingBelowCanComeBack(
      List<String> patterns, String dir, boolean covers) {
    assertThat(DockerIgnore.parse(patterns).coversWholeDirectory(dir)).isEqualTo(covers);
  }

  @Test
  void readsAFileWithItsLineNumbers(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(".dockerignore");
    Files.write(
        file,
        "\uFEFF# generated\r\nnode_modules\r\n\r\n!node_modules/keep\n"
            .getBytes(StandardCharsets.UTF_8));

    DockerIgnore ignore = DockerIgnore.read(file);

    assertThat(ignore.patterns())
        .extracting(IgnorePattern::text, IgnorePattern::line, IgnorePattern::isExclusion)
        .containsExactly(
            Tuple.tuple("node_modules", 2, false), Tuple.tuple("!node_modules/keep", 4, true));
    assertThat(ignore.patterns().get(1).pattern()).isEqualTo("node_modules/keep");
  }

  @Test
  void aListElementWithNewlinesCountsAsSeveralLinesOfThatElement() {
    assertThatThrownBy(() -> DockerIgnore.parse(List.of("a", "b\n[")))
        .isInstanceOfSatisfying(
            InvalidIgnorePatternException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        arguments("node_modules", IgnorePattern.Kind.EXACT),
        arguments("a|b", IgnorePattern.Kind.EXACT),
        arguments("build/**", IgnorePattern.Kind.PREFIX),
        arguments("**/node_modules", IgnorePattern.Kind.SUFFIX),
        arguments("**.txt", IgnorePattern.Kind.SUFFIX),
        arguments("**/*.log", IgnorePattern.Kind.REGEXP),
        arguments("a\\b", IgnorePattern.Kind.REGEXP));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("kinds")
  void classifiesPatternsLikeDocker(String line, IgnorePattern.Kind kind) {
    assertThat(DockerIgnore.parse(List.of(line)).patterns().getFirst().kind()).isEqualTo(kind);
  }
}
