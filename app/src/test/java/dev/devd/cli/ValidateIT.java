package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.TestProject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code devd validate} as a user runs it (the packaged jar in a project folder) on broken input:
 * every input here used to pass validate ("devd.yaml is valid") and then stop {@code devd up}, or
 * end it with an internal error. Each is one row: the files written over a good project, and
 * exactly what validate prints, with exit code 2.
 */
class ValidateIT {
  // A good project: one image, used by the Deployment in k8s/web.yaml.
  private static final String DEVD_YAML =
      """
      k8sYaml: [k8s/*.yaml]
      images:
        - ref: web
          command: "true"
          deps: [src]
      """;
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: web}]}
      """;
  private static final String CONFIG_MAP =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";
  private static final String IN_DEVD_YAML = "devd.yaml has 1 problem; nothing was started.\n";
  private static final String IN_FILES =
      "devd.yaml and the files it names have 1 problem; nothing was started.\n";

  @TempDir Path temp;
  private TestProject project;

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("devd.yaml", DEVD_YAML);
    project.write("src/main.txt", "hello");
    project.write("k8s/web.yaml", DEPLOYMENT);
  }

  static Stream<Arguments> brokenInputs() {
    return Stream.of(
        row(
            "not YAML",
            Map.of("k8s/bad.yaml", "apiVersion: v1\nkind: [\n"),
            "k8s/bad.yaml:3:1: YAML syntax error: expected the node content, but found '<stream end>' (while parsing a "
                + "flow node that starts at line 3); fix the YAML at that place\n"
                + IN_FILES),
        row(
            "a list document",
            Map.of("k8s/bad.yaml", "- " + CONFIG_MAP.replace("\n", "\n  ")),
            "k8s/bad.yaml:1: the document is a list, not a Kubernetes object; write one object (apiVersion, kind, "
                + "metadata) per document, with --- between them\n"
                + IN_FILES),
        row(
            "a scalar document",
            Map.of("k8s/bad.yaml", "just some words\n"),
            "k8s/bad.yaml:1: the document is a string (\"just some words\"), not a Kubernetes object; write one object "
                + "(apiVersion, kind, metadata) per document, with --- between them\n"
                + IN_FILES),
        row(
            "no metadata.name",
            Map.of("k8s/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n"),
            "k8s/bad.yaml:1: the object has no metadata.name; every object needs a name\n"
                + IN_FILES),
        row(
            "no kind",
            Map.of("k8s/bad.yaml", "apiVersion: v1\nmetadata: {name: settings}\n"),
            "k8s/bad.yaml:1: the object has no kind; add one, e.g. kind: Deployment\n" + IN_FILES),
        row(
            "one bad document of several",
            Map.of(
                "k8s/bad.yaml",
                CONFIG_MAP
                    + "---\n"
                    + CONFIG_MAP.replace("kind: ConfigMap\n", "")
                    + "---\n"
                    + CONFIG_MAP.replace("settings", "more")),
            "k8s/bad.yaml:5: the object has no kind; add one, e.g. kind: Deployment\n" + IN_FILES),
        row(
            "an alias bomb",
            Map.of("k8s/bad.yaml", aliasBomb()),
            "k8s/bad.yaml:8: the aliases (*name) here expand to more than 9999 YAML values, as an alias bomb does; "
                + "write the values out or nest fewer aliases; devd expands at most 9999 values per alias\n"
                + IN_FILES),
        row(
            "YAML nested 600 deep",
            Map.of("k8s/bad.yaml", "data: " + "[".repeat(600) + "]".repeat(600) + "\n"),
            "k8s/bad.yaml:1: lists and mappings are nested more than 500 deep here; flatten the YAML; devd reads at "
                + "most 500 levels\n"
                + IN_FILES),
        row(
            "a glob that matches nothing",
            Map.of("devd.yaml", DEVD_YAML.replace("[k8s/*.yaml]", "[k8s/*.yaml, deploy/*.yml]")),
            "devd.yaml:1:23: k8sYaml[1]: \"deploy/*.yml\" matches no file; check the pattern, or remove it\n"
                + IN_DEVD_YAML),
        row(
            "an image no YAML uses",
            Map.of("k8s/web.yaml", DEPLOYMENT.replace("image: web", "image: wbe")),
            "devd.yaml:3:10: images[0].ref: \"web\" is not used by any Kubernetes YAML; did you mean \"wbe\" "
                + "(k8s/web.yaml)?\n"
                + IN_DEVD_YAML),
        row(
            "options for a resource that does not exist",
            Map.of("devd.yaml", DEVD_YAML + "resources:\n  wbe: {triggerMode: manual}\n"),
            "devd.yaml:7:8: resources.wbe: these options are for \"wbe\", which is not a resource devd runs; did you "
                + "mean \"web\"? devd runs web\n"
                + IN_DEVD_YAML),
        row(
            "deps: [/]",
            Map.of("devd.yaml", DEVD_YAML.replace("deps: [src]", "deps: [/]")),
            "devd.yaml:5:12: images[0].deps[0]: \"/\" is the whole file system, and devd cannot register every folder "
                + "of it with the operating system; name the folders and files whose changes matter, e.g. deps: [src/, "
                + "Dockerfile]\n"
                + IN_DEVD_YAML),
        row(
            "deps: [/proc/1/]",
            Map.of("devd.yaml", DEVD_YAML.replace("deps: [src]", "deps: [/proc/1/]")),
            "devd.yaml:5:12: images[0].deps[0]: \"/proc/1/\" is on the kernel's proc file system, whose files change "
                + "without the events devd watches for; name folders and files of your project, e.g. deps: [src/]\n"
                + IN_DEVD_YAML),
        row(
            "bad patterns in a dep's .dockerignore",
            Map.of("src/.dockerignore", "*.log\n[z-a]\nok\n!\n"),
            "src/.dockerignore:2: invalid pattern \"[z-a]\": character range \"z-a\" is reversed; write the range from "
                + "low to high, e.g. \"[a-z]\"\n"
                + "src/.dockerignore:4: invalid pattern \"!\": an exception needs a path after \"!\"; write what to "
                + "re-include, such as \"!keep.txt\", or remove the line\n"
                + "devd.yaml and the files it names have 2 problems; nothing was started.\n"),
        row(
            "a 10 MB comment line",
            Map.of("devd.yaml", "# " + "x".repeat(10 * 1024 * 1024) + "\n" + DEVD_YAML),
            "devd.yaml:1: the YAML document is longer than 3 MB (3145728 characters); split it into smaller documents "
                + "or files; devd reads documents of up to 3 MB\n"
                + IN_DEVD_YAML));
  }

  private static Arguments row(String name, Map<String, String> files, String stderr) {
    return Arguments.of(name, files, stderr);
  }

  // Nine levels of nine aliases each: 9^9 values once expanded (the "billion laughs" attack).
  private static String aliasBomb() {
    StringBuilder yaml =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
    yaml.append("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char level = 'b'; level <= 'i'; level++) {
      String previous = "*" + (char) (level - 1);
      yaml.append(level)
          .append(": &")
          .append(level)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
          .append("]\n");
    }
    return yaml.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenInputs")
  void validateReportsEachBrokenInputWithItsPlaceAndExitCode2(
      String name, Map<String, String> files, String stderr) throws Exception {
    files.forEach(project::write);

    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.stderr()).isEqualTo(stderr);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void validateReportsEveryProblemOfEveryFileAtOnce() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("k8s/bad.yaml", "- a\n---\napiVersion: v1\nmetadata: {name: x}\n");
    files.put("k8s/worse.yaml", "kind: [\n");
    files.forEach(project::write);

    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.stderr())
        .isEqualTo(
            """
        k8s/bad.yaml:1: the document is a list, not a Kubernetes object; write one object (apiVersion, kind, metadata) \
        per document, with --- between them
        k8s/bad.yaml:3: the object has no kind; add one, e.g. kind: Deployment
        k8s/worse.yaml:2:1: YAML syntax error: expected the node content, but found '<stream end>' (while parsing a \
        flow node that starts at line 2); fix the YAML at that place
        devd.yaml and the files it names have 3 problems; nothing was started.
        """);
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void validateSaysAGoodProjectIsValidWithWhatItDeploys() throws Exception {
    DevdProcess.Result result = DevdProcess.run(temp, "validate");

    assertThat(result.stdout())
        .isEqualTo("devd.yaml is valid: 1 resource, 1 image and 0 local resources\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void upAndCheckIgnoreRefuseWhatValidateRefusesWithExitCode2NotAnInternalError() throws Exception {
    project.write("src/.dockerignore", "*.log\n[z-a]\n");
    project.write("src/a.log", "x");

    DevdProcess.Result checkIgnore = DevdProcess.run(temp, "check-ignore", "src/a.log");
    project.write("devd.yaml", DEVD_YAML.replace("deps: [src]", "deps: [/]"));
    DevdProcess.Result up = DevdProcess.run(temp, "up", "--port", "0");

    assertThat(checkIgnore.stderr())
        .startsWith("src/.dockerignore:2: invalid pattern \"[z-a]\"")
        .doesNotContain("internal error");
    assertThat(checkIgnore.exitCode()).isEqualTo(2);
    assertThat(up.stderr())
        .startsWith("devd.yaml:5:12: images[0].deps[0]: \"/\" is the whole file system")
        .doesNotContain("internal error");
    assertThat(up.exitCode()).isEqualTo(2);
  }
}
