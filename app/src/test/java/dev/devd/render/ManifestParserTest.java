package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ProjectConfig;
import dev.devd.config.YamlParserFactory;
import dev.devd.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers: [{name: web, image: my-app}]
      """;

  @TempDir Path root;

  private TestProject project() {
    return new TestProject(root);
  }

  private ParsedManifests parse(String... k8sYaml) throws ManifestException {
    return new ManifestParser().parse(root, List.of(k8sYaml));
  }

  private List<String> problems(String... k8sYaml) {
    ManifestException e = catchThrowableOfType(ManifestException.class, () -> parse(k8sYaml));
    assertThat(e).as("the YAML should have been rejected").isNotNull();
    List<String> lines = e.problems().stream().map(ConfigProblem::format).toList();
    assertThat(e.getMessage()).isEqualTo(String.join("\n", lines));
    return lines;
  }

  private static List<String> keys(ParsedManifests parsed) {
    return parsed.objects().stream().map(K8sObject::key).toList();
  }

  @Test
  void readsEveryDocumentOfEveryFileInOrderSkippingEmptyOnes() throws Exception {
    project()
        .write(
            "k8s/b.yaml",
            """
        # leading comment
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        ---
        ---
        # only a comment
        ---
        """
                + DEPLOYMENT
                + """
        ...
        """);
    project().write("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
    project().write("k8s/notes.txt", "not yaml");

    ParsedManifests parsed = parse("k8s/*.yaml");

    assertThat(keys(parsed))
        .containsExactly("settings:configmap", "web:service:shop", "web:deployment");
    assertThat(parsed.files())
        .containsExactly(root.resolve("k8s/a.yaml"), root.resolve("k8s/b.yaml"));
    K8sObject service = parsed.objects().get(1);
    assertThat(service.apiVersion()).isEqualTo("v1");
    assertThat(service.namespace()).contains("shop");
    assertThat(service.source()).isEqualTo(root.resolve("k8s/b.yaml"));
    assertThat(parsed.shown(service.source())).isEqualTo("k8s/b.yaml");
    assertThat(parsed.objects().get(2).namespace()).isEmpty();
  }

  @Test
  void filesFoldersAndGlobsAreReadInTheOrderNamedAndEachFileOnce() throws Exception {
    project().write("k8s/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n");
    project()
        .write(
            "k8s/jobs/nightly.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nightly}\n");
    project()
        .write(
            "k8s/jobs/weekly.json",
            """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "weekly"}}
        """);
    project().write("db.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: db}\n");

    ParsedManifests parsed = parse("db.yaml", "k8s/jobs", "k8s/**/*.y*ml", "k8s/web.yaml");

    assertThat(keys(parsed))
        .containsExactly("db:configmap", "nightly:configmap", "weekly:configmap", "web:configmap");
  }

  @Test
  void listKindsAreExpandedIntoTheirItems() throws Exception {
    project()
        .write(
            "all.yaml",
            """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: one}
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: two}
        ---
        apiVersion: apps/v1
        kind: DeploymentList
        items:
        """
                + DEPLOYMENT.indent(2).replaceFirst("  apiVersion", "- apiVersion")
                + """
        ---
        apiVersion: v1
        kind: List
        items: []
        """);

    assertThat(keys(parse("all.yaml")))
        .containsExactly("one:configmap", "two:configmap", "web:deployment");
  }

  @Test
  void anchorsAliasesAndMergeKeysAreExpanded() throws Exception {
    project()
        .write(
            "web.yaml",
            """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: &labels {app: web, tier: front}
          annotations:
            <<: *labels
            tier: back
        spec:
          containers: [{name: web, image: my-app}]
        """);

    K8sObject pod = parse("web.yaml").objects().getFirst();
    Map<String, Object> metadata = RenderingLeavesInputTest.at(pod.body(), "metadata");

    assertThat(metadata.get("labels")).isEqualTo(Map.of("app", "web", "tier", "front"));
    assertThat(metadata.get("annotations")).isEqualTo(Map.of("app", "web", "tier", "back"));
  }

  @Test
  void scalarsAreTypedAsKubernetesReadsThemNotAsStrings() throws Exception {
    project()
        .write(
            "pod.yaml",
            """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          volumes: [{name: config, configMap: {name: c, defaultMode: 0644}}]
          containers: [{name: web, image: my-app, ports: [{containerPort: 8080}], tty: true, cpu: 0.5, none: ~,
                        quoted: "0644", word: yes}]
        """);

    Map<String, Object> spec =
        RenderingLeavesInputTest.at(parse("pod.yaml").objects().getFirst().body(), "spec");
    Map<String, Object> volume =
        RenderingLeavesInputTest.at(((List<?>) spec.get("volumes")).getFirst(), "configMap");
    Map<String, Object> container =
        RenderingLeavesInputTest.at(((List<?>) spec.get("containers")).getFirst());

    assertThat(volume.get("defaultMode")).isEqualTo(420);
    assertThat(container.get("tty")).isEqualTo(true);
    assertThat(container.get("cpu")).isEqualTo(0.5);
    assertThat(container.containsKey("none")).isTrue();
    assertThat(container.get("none")).isNull();
    assertThat(container.get("quoted")).isEqualTo("0644");
    assertThat(container.get("word")).isEqualTo("yes");
  }

  @Test
  void anObjectWithoutANameIsRejectedWithItsFileAndLine() throws Exception {
    project()
        .write(
            "k8s/web.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {app: web}\n");

    assertThat(problems("k8s/web.yaml"))
        .containsExactly(
            "k8s/web.yaml:5: the object has no metadata.name; every object needs a name");
  }

  @Test
  void aGlobThatMatchesNothingAndAMissingFileAreReported() throws Exception {
    project().write("k8s/web.yaml", DEPLOYMENT);

    assertThat(problems("k8s/*.yml", "k8s/api.yaml", "k8s/web.yaml", "other/**/*.yaml"))
        .containsExactly(
            "devd.yaml: k8sYaml[0]: \"k8s/*.yml\" matches no file; check the pattern, or remove it",
            "devd.yaml: k8sYaml[1]: \"k8s/api.yaml\" does not exist; check the path",
            "devd.yaml: k8sYaml[3]: \"other/**/*.yaml\" matches no file; check the pattern, or remove it");
  }

  @Test
  void aFolderWithoutYamlIsReported() throws Exception {
    project().write("k8s/README.md", "docs");

    assertThat(problems("k8s"))
        .containsExactly(
            "devd.yaml: k8sYaml[0]: the folder \"k8s\" holds no .yaml, .yml or .json file; check the path");
  }

  @Test
  void aSyntaxErrorNamesFileLineAndColumn() throws Exception {
    project()
        .write(
            "k8s/web.yaml",
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
        data:
          key: [unclosed
        """);
    project().write("k8s/tabs.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: web\n");

    assertThat(problems("k8s/web.yaml", "k8s/tabs.yaml"))
        .containsExactly(
            "k8s/web.yaml:7:1: YAML syntax error: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence that starts at line 6); fix the YAML at that place",
            "k8s/tabs.yaml:4:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation); fix the YAML at that place");
  }

  @Test
  void everyMissingOrWronglyTypedFieldIsReported() throws Exception {
    project()
        .write(
            "k8s/bad.yaml",
            """
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        metadata: {name: b}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: 5, namespace: [x]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: just-a-name
        ---
        - apiVersion: v1
        ---
        plain text
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: fine}
          - 42
          - apiVersion: v1
            kind: ConfigMap
            metadata: {}
        """);

    assertThat(problems("k8s/bad.yaml"))
        .containsExactly(
            "k8s/bad.yaml:1: the object has no apiVersion; add one, e.g. apiVersion: apps/v1",
            "k8s/bad.yaml:4: the object has no kind; add one, e.g. kind: Deployment",
            "k8s/bad.yaml:7: metadata.name is a number (5), not text; quote it",
            "k8s/bad.yaml:7: metadata.namespace is a list, not text; quote it",
            "k8s/bad.yaml:11: metadata is a string (\"just-a-name\"), not a mapping; write metadata: {name: ...}",
            "k8s/bad.yaml:15: the document is a list, not a Kubernetes object; write one object (apiVersion, kind, "
                + "metadata) per document, with --- between them",
            "k8s/bad.yaml:17: the document is a string (\"plain text\"), not a Kubernetes object; write one object "
                + "(apiVersion, kind, metadata) per document, with --- between them",
            "k8s/bad.yaml:25: items[1] of the List is a number (42), not a Kubernetes object; write each item as an "
                + "object with apiVersion, kind and metadata",
            "k8s/bad.yaml:26: the object has no metadata.name; every object needs a name");
  }

  @Test
  void duplicateKeysAndDuplicateObjectsAreReported() throws Exception {
    project()
        .write(
            "k8s/a.yaml",
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          name: web2
        """);
    project()
        .write(
            "k8s/b.yaml",
            """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default}
        """);

    assertThat(problems("k8s/a.yaml", "k8s/b.yaml"))
        .containsExactly(
            "k8s/a.yaml:5:3: duplicate key \"name\" (first at line 4); keep one of them",
            "k8s/b.yaml:5: settings:configmap:default is defined twice (first at k8s/b.yaml:1); Kubernetes keeps one "
                + "object per kind, namespace and name; remove one of them");
  }

  @Test
  void aFileThatIsNotUtf8IsReported() throws Exception {
    Files.write(root.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    assertThat(problems("latin1.yaml"))
        .containsExactly("latin1.yaml: the file is not UTF-8 text; save it as UTF-8");
  }

  @Test
  void noFilesMeansNoObjects() throws Exception {
    ParsedManifests parsed = parse();
    assertThat(parsed.objects()).isEmpty();
    assertThat(parsed.files()).isEmpty();
    assertThat(parsed.root()).isEqualTo(root.toAbsolutePath().normalize());
    assertThat(Optional.of(parsed.objects())).isPresent();
  }

  @Test
  void anEntryThatNamesNothingPointsAtItsLineInDevdYaml() throws Exception {
    project().write("k8s/web.yaml", DEPLOYMENT);
    ProjectConfig config =
        project()
            .config(
                """
        k8sYaml:
          - k8s/web.yaml
          - k8s/*.yml
        images:
          - {ref: my-app, command: make, deps: [k8s]}
        """);

    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> new ManifestParser().parse(config));

    assertThat(e.problems())
        .extracting(ConfigProblem::format)
        .containsExactly(
            "devd.yaml:3:5: k8sYaml[1]: \"k8s/*.yml\" matches no file; check the pattern, or remove it");
  }

  @Test
  void objectsKnowTheLineTheyStartOn() throws Exception {
    project()
        .write(
            "k8s/web.yaml",
            "# two objects\n---\n"
                + DEPLOYMENT
                + "---\napiVersion: v1\nkind: List\nitems:\n"
                + "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n");

    assertThat(parse("k8s/web.yaml").objects()).extracting(K8sObject::line).containsExactly(3, 15);
  }

  @Test
  void yamlLimitsInKubernetesYamlNameTheFileAndLine() throws Exception {
    project()
        .write(
            "k8s/deep.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: "
                + "[".repeat(501)
                + "]".repeat(501)
                + "\n");
    project()
        .write(
            "k8s/big.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n---\n# "
                + "x".repeat(YamlParserFactory.MAX_DOCUMENT_CHARS)
                + "\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n");

    assertThat(problems("k8s/deep.yaml", "k8s/big.yaml"))
        .containsExactly(
            "k8s/deep.yaml:4: lists and mappings are nested more than 500 deep here; flatten the YAML; devd reads at most "
                + "500 levels",
            "k8s/big.yaml:4: the YAML document is longer than 3 MB (3145728 characters); split it into smaller documents "
                + "or files; devd reads documents of up to 3 MB");
  }
}
