package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading good devd.yaml files into records, the defaults, and the file-level problems. */
class ConfigLoaderTest {
  @TempDir Path root;
  TestProject project;

  @BeforeEach
  void createProject() {
    project =
        new TestProject(root)
            .with("web/", "src/", "base/", "Dockerfile", "package.json", "k8s/app.yaml");
  }

  @Test
  void smallestConfigGetsTheDefaults() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - ref: my-app
            command: docker build -t $EXPECTED_REF .
            deps: [src/]
        """);
    assertThat(config.file()).isEqualTo(root.resolve("devd.yaml"));
    assertThat(config.root()).isEqualTo(root);
    assertThat(config.runtime()).isEqualTo(Runtime.AUTO);
    assertThat(config.watch())
        .isEqualTo(new WatchSettings(List.of(), Duration.ofMillis(100), Duration.ofSeconds(10)));
    assertThat(config.maxParallelUpdates()).isEqualTo(3);
    assertThat(config.keep()).isEqualTo(5);
    assertThat(config.k8sYaml()).isEmpty();
    assertThat(config.defaultRegistry()).isEmpty();
    assertThat(config.resources()).isEmpty();
    assertThat(config.localResources()).isEmpty();
    assertThat(config.images())
        .containsExactly(
            new ImageConfig(
                "my-app",
                Cmd.shell("docker build -t $EXPECTED_REF ."),
                Optional.empty(),
                List.of(root.resolve("src")),
                List.of(),
                false,
                false,
                Optional.empty(),
                Optional.empty(),
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
                new SourceLocation(2, 5, "images[0]")));
  }

  @Test
  void fullConfigFromTheSpec() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        k8sYaml: [k8s/*.yaml]
        allowK8sContexts: [rancher-desktop]
        defaultRegistry: localhost:5000
        runtime: podman
        watch:
          ignore: ["**/*.log"]
          debounce: 250ms
          maxWait: 1m30s
        images:
          - ref: my-static-site
            command: kim build -t $EXPECTED_REF .
            commandBat: kim build -t %EXPECTED_REF% .
            deps: [web/, Dockerfile]
            ignore: [baz]
            disablePush: true
            skipsLocalDocker: true
            env: {FLASK_ENV: development, PORT: 8080, DEBUG: true, RATIO: 1.50}
            dir: .
            imageDeps: [base]
            matchInEnvVars: true
            timeout: 10m
            keep: 2
            liveUpdate:
              - fallBackOn: [web/package.json]
              - sync: {local: web/, remote: /usr/share/nginx/html/}
          - ref: base
            command: [docker, build, -t, $EXPECTED_REF, base]
            deps: base
            outputsImageRefTo: build/ref.txt
        resources:
          my-static-site: {portForwards: ["8000:80", 9000], triggerMode: manual, resourceDeps: [db], labels: [web]}
        localResources:
          - {name: unit-tests, cmd: "mvn -q test", deps: [src], serveCmd: null}
          - name: docs
            serveCmd: [npm, run, docs]
            dir: web
            env: {CI: 1}
            timeout: 30s
            resourceDeps: [unit-tests]
        k8sKinds:
          - {kind: Rollout, apiVersion: argoproj.io/v1alpha1, imageJsonPath: ["{.spec.template.spec.image}"]}
        maxParallelUpdates: 5
        keep: 8
        """);
    assertThat(config.k8sYamlFiles()).containsExactly("k8s/*.yaml");
    assertThat(config.allowK8sContexts()).containsExactly("rancher-desktop");
    assertThat(config.defaultRegistry()).contains("localhost:5000");
    assertThat(config.runtime()).isEqualTo(Runtime.PODMAN);
    assertThat(config.watch())
        .isEqualTo(
            new WatchSettings(List.of("**/*.log"), Duration.ofMillis(250), Duration.ofSeconds(90)));
    assertThat(config.maxParallelUpdates()).isEqualTo(5);

    ImageConfig site = config.images().get(0);
    assertThat(site.commandBat()).contains(Cmd.shell("kim build -t %EXPECTED_REF% ."));
    assertThat(site.deps()).containsExactly(root.resolve("web"), root.resolve("Dockerfile"));
    assertThat(site.ignore()).containsExactly("baz");
    assertThat(site.disablePush()).isTrue();
    assertThat(site.skipsLocalDocker()).isTrue();
    assertThat(site.env())
        .isEqualTo(
            Map.of("FLASK_ENV", "development", "PORT", "8080", "DEBUG", "true", "RATIO", "1.50"));
    assertThat(site.dir()).isEqualTo(root);
    assertThat(site.imageDeps()).containsExactly("base");
    assertThat(site.matchInEnvVars()).isTrue();
    assertThat(site.timeout()).contains(Duration.ofMinutes(10));
    assertThat(config.keep(site)).isEqualTo(2);
    assertThat(site.liveUpdate()).hasSize(2);

    ImageConfig base = config.images().get(1);
    assertThat(base.command())
        .isEqualTo(Cmd.argv(List.of("docker", "build", "-t", "$EXPECTED_REF", "base")));
    assertThat(base.deps()).containsExactly(root.resolve("base"));
    assertThat(base.outputsImageRefTo()).contains(root.resolve("build/ref.txt"));
    assertThat(base.index()).isEqualTo(1);
    assertThat(base.yamlPath()).isEqualTo("images[1]");
    assertThat(config.keep(base)).as("the global keep").isEqualTo(8);

    assertThat(config.resources()).containsOnlyKeys("my-static-site");
    ResourceOptions options = config.resources().get("my-static-site");
    assertThat(options.portForwards()).containsExactly("8000:80", "9000");
    assertThat(options.triggerMode()).isEqualTo(ResourceOptions.TriggerMode.MANUAL);
    assertThat(options.resourceDeps()).containsExactly("db");
    assertThat(options.labels()).containsExactly("web");

    assertThat(config.localResources()).hasSize(2);
    LocalResourceConfig tests = config.localResources().get(0);
    assertThat(tests.cmd()).contains(Cmd.shell("mvn -q test"));
    assertThat(tests.serveCmd()).isEmpty();
    assertThat(tests.deps()).containsExactly(root.resolve("src"));
    assertThat(tests.dir()).isEqualTo(root);
    LocalResourceConfig docs = config.localResources().get(1);
    assertThat(docs.cmd()).isEmpty();
    assertThat(docs.serveCmd()).contains(Cmd.argv(List.of("npm", "run", "docs")));
    assertThat(docs.dir()).isEqualTo(root.resolve("web"));
    assertThat(docs.env()).isEqualTo(Map.of("CI", "1"));
    assertThat(docs.timeout()).contains(Duration.ofSeconds(30));
    assertThat(docs.resourceDeps()).containsExactly("unit-tests");

    assertThat(config.k8sKinds())
        .containsExactly(
            new K8sKind(
                "Rollout",
                "argoproj.io/v1alpha1",
                List.of("{.spec.template.spec.image}"),
                new SourceLocation(41, 5, "k8sKinds[0]")));
  }

  @Test
  void relativePathsAreResolvedAgainstTheFolderOfDevdYaml() throws ConfigException {
    project.with("sub/app/src/");
    ProjectConfig config =
        new ConfigLoader()
            .parse(
                """
        images: [{ref: app, command: make, deps: [app/src/, ../Dockerfile], dir: app}]
        """,
                root.resolve("sub/devd.yaml"));
    ImageConfig image = config.images().getFirst();
    assertThat(config.root()).isEqualTo(root.resolve("sub"));
    assertThat(image.deps())
        .containsExactly(root.resolve("sub/app/src"), root.resolve("Dockerfile"));
    assertThat(image.dir()).isEqualTo(root.resolve("sub/app"));
  }

  @Test
  void aSingleStringIsAcceptedWhereTiltAcceptsOne() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        k8sYaml: k8s/app.yaml
        allowK8sContexts: kind-dev
        watch: {ignore: "*.tmp"}
        images:
          - ref: site
            command: make
            deps: web/
            ignore: "*.log"
            liveUpdate:
              - fallBackOn: web/package.json
              - sync: {local: web/, remote: /app}
              - run: {cmd: npm i, trigger: web/package.json}
        """);
    assertThat(config.k8sYamlFiles()).containsExactly("k8s/app.yaml");
    assertThat(config.allowK8sContexts()).containsExactly("kind-dev");
    assertThat(config.watch().ignore()).containsExactly("*.tmp");
    ImageConfig site = config.images().getFirst();
    assertThat(site.deps()).containsExactly(root.resolve("web"));
    assertThat(site.ignore()).containsExactly("*.log");
    assertThat(site.liveUpdate().get(0))
        .isEqualTo(
            new LiveUpdateStep.FallBackOn(
                List.of(root.resolve("web/package.json")),
                new SourceLocation(10, 9, "images[0].liveUpdate[0]")));
    assertThat(((LiveUpdateStep.Run) site.liveUpdate().get(2)).triggers())
        .containsExactly(root.resolve("web/package.json"));
  }

  @Test
  void localResourcesAloneAreEnough() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        localResources: [{name: lint, cmd: make lint}]
        """);
    assertThat(config.images()).isEmpty();
    assertThat(config.localResources())
        .extracting(LocalResourceConfig::name)
        .containsExactly("lint");
  }

  @Test
  void anchorsAndMergeKeysWork() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - &site {ref: site, command: make site, deps: [web/]}
          - <<: *site
            ref: site-2
        """);
    assertThat(config.images()).extracting(ImageConfig::ref).containsExactly("site", "site-2");
    assertThat(config.images().get(1).command()).isEqualTo(Cmd.shell("make site"));
  }

  @Test
  void loadReadsTheFile() throws Exception {
    Files.writeString(project.devdYaml(), "localResources: [{name: lint, cmd: make lint}]\n");
    assertThat(new ConfigLoader().load(project.devdYaml()).localResources()).hasSize(1);
  }

  @Test
  void missingFile() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader().load(root.resolve("devd.yaml")));
    assertThat(e.report().replace(root.toString(), "ROOT"))
        .isEqualTo(
            """
        devd.yaml: not found in ROOT; create one (see the README) or pass -f FILE
        devd.yaml has 1 problem; nothing was started.""");
  }

  @Test
  void emptyFile() {
    assertThat(project.report(""))
        .containsExactly(
            "devd.yaml: the file is empty; add images: or localResources: (see the README)",
            "devd.yaml has 1 problem; nothing was started.");
  }

  @Test
  void fileWithOnlyComments() {
    assertThat(
            project.problems(
                """
        # images will come later
        """))
        .containsExactly(
            "devd.yaml: the file is empty; add images: or localResources: (see the README)");
  }

  @Test
  void topLevelList() {
    assertThat(
            project.problems(
                """
        - ref: app
        """))
        .containsExactly(
            "devd.yaml:1:1: the top level is a list; write a mapping with keys such as images: and localResources: "
                + "(see the README)");
  }

  @Test
  void yamlSyntaxErrorIsOneProblemAtItsPlace() {
    assertThat(
            project.report(
                """
        images:
          - ref: app
            deps: [src/
          command: make
        """))
        .containsExactly(
            "devd.yaml:4:10: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence that starts "
                + "at line 3); fix the YAML at that place",
            "devd.yaml has 1 problem; nothing was started.");
  }

  @Test
  void tabIndentationIsASyntaxError() {
    assertThat(project.problems("images:\n\t- ref: app\n"))
        .containsExactly(
            "devd.yaml:2:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use "
                + "\\t(TAB) for indentation); fix the YAML at that place");
  }

  @Test
  void duplicateKeys() {
    assertThat(
            project.problems(
                """
        images:
          - ref: app
            command: make
            deps: [src/]
            deps: [web/]
        watch: {debounce: 1s, debounce: 2s}
        """))
        .containsExactly(
            "devd.yaml:5:5: images[0].deps: duplicate key \"deps\" (first at line 4); keep one of them",
            "devd.yaml:6:23: watch.debounce: duplicate key \"debounce\" (first at line 6); keep one of them");
  }

  @Test
  void aSecondDocument() {
    assertThat(
            project.problems(
                """
        localResources: [{name: lint, cmd: make lint}]
        ---
        images: []
        """))
        .containsExactly(
            "devd.yaml:3:1: a second YAML document starts here; devd.yaml holds one; remove the --- line and merge the two");
  }
}
