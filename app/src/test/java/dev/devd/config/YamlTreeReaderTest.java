package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import org.junit.jupiter.api.Test;

class YamlTreeReaderTest {
  final Problems problems = new Problems("devd.yaml");

  YamlNode read(String text) {
    return new YamlTreeReader(problems).read(text).orElseThrow();
  }

  @Test
  void keepsLineColumnAndPathOfEveryNode() {
    Mapping doc =
        (Mapping)
            read(
                """
        images:
          - ref: app
            deps: [src/, "web/"]
        resources:
          my.app: {labels: [web]}
        """);
    Sequence images = (Sequence) doc.entry("images").orElseThrow().value();
    Mapping image = (Mapping) images.items().getFirst();
    assertThat(image.location()).isEqualTo(new SourceLocation(2, 5, "images[0]"));
    assertThat(image.entry("deps").orElseThrow().keyLocation())
        .isEqualTo(new SourceLocation(3, 5, "images[0].deps"));
    Sequence deps = (Sequence) image.entry("deps").orElseThrow().value();
    assertThat(deps.items())
        .containsExactly(
            new Scalar("src/", Scalar.Kind.STRING, new SourceLocation(3, 12, "images[0].deps[0]")),
            new Scalar("web/", Scalar.Kind.STRING, new SourceLocation(3, 18, "images[0].deps[1]")));
    Mapping resources = (Mapping) doc.entry("resources").orElseThrow().value();
    assertThat(resources.entry("my.app").orElseThrow().value().path())
        .isEqualTo("resources[\"my.app\"]");
    assertThat(problems.isEmpty()).isTrue();
  }

  // YAML 1.2's JSON schema, as the parser applies it: "yes" and "~" stay strings, "8000:80" is no
  // base-60 number.
  @Test
  void scalarKindsFollowYaml12() {
    Sequence items =
        (Sequence)
            ((Mapping)
                    read(
                        """
        x: [5, "5", 1.5, true, null, yes, ~, 8000:80]
        """))
                .entry("x")
                .orElseThrow()
                .value();
    assertThat(items.items())
        .extracting(n -> ((Scalar) n).kind())
        .containsExactly(
            Scalar.Kind.INTEGER,
            Scalar.Kind.STRING,
            Scalar.Kind.FLOAT,
            Scalar.Kind.BOOLEAN,
            Scalar.Kind.NULL,
            Scalar.Kind.STRING,
            Scalar.Kind.STRING,
            Scalar.Kind.STRING);
    assertThat(items.items())
        .extracting(YamlNode::describe)
        .startsWith(
            "a number (5)",
            "a string (\"5\")",
            "a number (1.5)",
            "a boolean (true)",
            "an empty value");
  }

  @Test
  void aliasesAreExpandedWithThePathOfWhereTheyAreUsed() {
    Mapping doc =
        (Mapping)
            read(
                """
        a: &shared {cmd: make}
        b: *shared
        """);
    Mapping b = (Mapping) doc.entry("b").orElseThrow().value();
    assertThat(b.entry("cmd").orElseThrow().value().path()).isEqualTo("b.cmd");
  }

  @Test
  void anEmptyDocumentHasNoTree() {
    assertThat(new YamlTreeReader(problems).read("  \n# comment\n")).isEmpty();
    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void longStringsAreShortenedInDescriptions() {
    Scalar scalar = new Scalar("x".repeat(100), Scalar.Kind.STRING, SourceLocation.UNKNOWN);
    assertThat(scalar.describe()).isEqualTo("a string (\"" + "x".repeat(57) + "...\")");
  }
}
