package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of mistake in devd.yaml, and the exact lines the user reads about it. */
class ConfigProblemsTest {
  @TempDir Path root;
  TestProject project;

  @BeforeEach
  void createProject() {
    project = new TestProject(root).with("src/", "web/", "Dockerfile");
  }

  @Test
  void unknownKeyWithACloseMatchSuggestsIt() {
    assertThat(
            project.report(
                """
        images:
          - ref: my-app
            command: make
            dep: [src/]
            deps: [src/]
        """))
        .containsExactly(
            "devd.yaml:4:5: images[0].dep: unknown key \"dep\"; did you mean \"deps\"?",
            "devd.yaml has 1 problem; nothing was started.");
  }

  @Test
  void unknownKeyWithoutACloseMatchListsTheKnownKeys() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            command: make
            colour: red
            deps: [src/]
        """))
        .containsExactly(
            "devd.yaml:4:5: images[0].colour: unknown key \"colour\"; known keys: autoInit, builder, command, "
                + "commandBat, containerArgs, deps, dir, disablePush, entrypoint, env, ignore, imageDeps, keep, liveUpdate, "
                + "matchInEnvVars, outputsImageRefTo, ref, skipsLocalDocker, tag, timeout, with");
  }

  @Test
  void unknownTopLevelKeyIsCaseInsensitiveMatch() {
    assertThat(
            project.problems(
                """
        Images: []
        localResources: [{name: lint, cmd: make lint}]
        """))
        .containsExactly("devd.yaml:1:1: Images: unknown key \"Images\"; did you mean \"images\"?");
  }

  @Test
  void wrongTypeNamesWhatWasExpectedAndWhatCame() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            command: make
            ignore: []
            deps: 5
        """))
        .containsExactly(
            "devd.yaml:5:11: images[0].deps: expected a list of paths, got a number (5); write e.g. deps: [src/]");
  }

  @Test
  void anIgnorePatternDockerRejectsIsAProblemAtItsPlace() {
    assertThat(
            project.problems(
                """
        watch:
          ignore: ["*.log", "[a-", "!"]
        images:
          - ref: my-app
            command: make
            deps: [src/]
            ignore: ["[z-a].txt"]
        """))
        .containsExactly(
            "devd.yaml:2:21: watch.ignore[1]: invalid pattern \"[a-\": unclosed character class; close it with \"]\", or write \"\\[\" to match a \"[\"",
            "devd.yaml:2:28: watch.ignore[2]: invalid pattern \"!\": an exception needs a path after \"!\"; "
                + "write what to re-include, such as \"!keep.txt\", or remove the line",
            "devd.yaml:7:14: images[0].ignore[0]: invalid pattern \"[z-a].txt\": character range \"z-a\" is reversed; "
                + "write the range from low to high, e.g. \"[a-z]\"");
  }

  @Test
  void wrongTypeOfAFlag() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            command: make
            deps: [src/]
            disablePush: yes
        """))
        .containsExactly(
            "devd.yaml:5:18: images[0].disablePush: expected true or false, got a string (\"yes\"); "
                + "write e.g. disablePush: true");
  }

  @Test
  void missingDepsIsReportedAtTheStartOfTheImage() {
    assertThat(
            project.problems(
                """
        localResources: [{name: lint, cmd: make lint}]
        images:
          - ref: my-app
            command: make
        """))
        .containsExactly(
            "devd.yaml:3:5: images[0]: missing \"deps\"; add the paths whose changes rebuild \"my-app\", e.g. deps: [src/]");
  }

  @Test
  void emptyDepsList() {
    assertThat(
            project.problems(
                """
        images:
          - ref: api
            command: make
            deps: []
        """))
        .containsExactly(
            "devd.yaml:4:11: images[0].deps: add at least one path; it decides when \"api\" rebuilds");
  }

  @Test
  void emptyCommand() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            deps: [src/]
            ignore: [tmp/]
            env: {A: b}
            command: ""
        """))
        .containsExactly(
            "devd.yaml:6:14: images[0].command: the command is empty; write the command that builds $EXPECTED_REF");
  }

  @Test
  void emptyArgvCommand() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            deps: [src/]
            command: []
        """))
        .containsExactly(
            "devd.yaml:4:14: images[0].command: the command is empty; write the command that builds $EXPECTED_REF");
  }

  @Test
  void neitherCommandNorBuilder() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            deps: [src/]
        """))
        .containsExactly(
            "devd.yaml:2:5: images[0]: missing \"command\"; add the command that builds $EXPECTED_REF, e.g. "
                + "command: docker build -t $EXPECTED_REF ., or a builder preset, e.g. builder: docker");
  }

  @Test
  void bothCommandAndBuilder() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            builder: docker
            command: make
        """))
        .containsExactly(
            "devd.yaml:4:5: images[0].command: both command and builder are set; keep one: the builder preset writes the "
                + "command for you");
  }

  @Test
  void badDuration() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/]}]
        watch:
          debounce: 10 sec
        """))
        .containsExactly(
            "devd.yaml:3:13: watch.debounce: invalid duration \"10 sec\"; write a number with a unit, e.g. 100ms, 10s, 2m");
  }

  @Test
  void negativeDurationAndZeroTimeout() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/], timeout: 0}]
        watch: {maxWait: -1s}
        """))
        .containsExactly(
            "devd.yaml:1:57: images[0].timeout: the duration is 0; write a duration longer than 0, e.g. timeout: 10m",
            "devd.yaml:2:18: watch.maxWait: negative duration \"-1s\"; write a number with a unit, e.g. 100ms, 10s, 2m");
  }

  @Test
  void maxWaitShorterThanDebounce() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/]}]
        watch: {debounce: 2s, maxWait: 1500ms}
        """))
        .containsExactly(
            "devd.yaml:2:32: watch.maxWait: maxWait (1.5s) is shorter than debounce (2s); make maxWait at least as long "
                + "as debounce; it caps how long a batch of changes waits");
  }

  @Test
  void aDepThatDoesNotExistYetIsANoteNotAProblem() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - ref: my-app
            command: make
            deps: [src/, build/classes]
        localResources:
          - {name: compile, cmd: make classes, deps: [src/, gen/]}
        """);

    assertThat(config.notes())
        .extracting(ConfigNote::format)
        .containsExactly(
            "devd.yaml:4:18: note: images[0].deps[1]: \"build/classes\" does not exist yet; devd watches for it to appear",
            "devd.yaml:6:53: note: localResources[0].deps[1]: \"gen/\" does not exist yet; devd watches for it to appear");
    assertThat(config.images().getFirst().deps())
        .containsExactly(root.resolve("src"), root.resolve("build/classes"));
    assertThat(config.localResources().getFirst().deps())
        .containsExactly(root.resolve("src"), root.resolve("gen"));
  }

  @Test
  void dirThatIsAFile() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/], dir: Dockerfile}]
        """))
        .containsExactly(
            "devd.yaml:1:53: images[0].dir: \"Dockerfile\" is a file, not a folder; write the folder the command runs in");
  }

  @Test
  void tagWithOutputsImageRefTo() {
    assertThat(
            project.problems(
                """
        images:
          - ref: my-app
            command: make
            deps: [src/]
            tag: dev
            outputsImageRefTo: ref.txt
        """))
        .containsExactly(
            "devd.yaml:6:5: images[0].outputsImageRefTo: tag and outputsImageRefTo are both set; keep one: tag is the "
                + "tag the command builds, outputsImageRefTo the file it writes the built ref to");
  }

  @Test
  void invalidTag() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/], tag: -dev}]
        """))
        .containsExactly(
            "devd.yaml:1:53: images[0].tag: invalid tag \"-dev\"; write up to 128 letters, digits, _, . and -, not "
                + "starting with . or -, e.g. tag: dev");
  }

  @Test
  void invalidRefs() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: My-App, command: make, deps: [src/]}
          - {ref: my app, command: make, deps: [src/]}
          - {ref: "localhost:5000/app:1 0", command: make, deps: [src/]}
          - {ref: registry.example.com/team//app, command: make, deps: [src/]}
        """))
        .containsExactly(
            "devd.yaml:2:11: images[0].ref: invalid image reference \"My-App\": the repository must be lowercase; "
                + "write e.g. ref: my-app",
            "devd.yaml:3:11: images[1].ref: invalid image reference \"my app\": it contains a space; write e.g. ref: my-app",
            "devd.yaml:4:11: images[2].ref: invalid image reference \"localhost:5000/app:1 0\": it contains a space; "
                + "write e.g. ref: my-app",
            "devd.yaml:5:11: images[3].ref: invalid image reference \"registry.example.com/team//app\": it has an empty "
                + "name part; write e.g. ref: my-app");
  }

  @Test
  void plausibleRefsAreAccepted() throws ConfigException {
    ProjectConfig config =
        project.load(
            """
        images:
          - {ref: app, command: make, deps: [src/]}
          - {ref: localhost:5000/team/app-1, command: make, deps: [src/]}
          - {ref: gcr.io/my_project/app.web:v1.2, command: make, deps: [src/]}
          - {ref: library/app:dev, command: make, deps: [src/]}
        """);
    assertThat(config.images())
        .extracting(ImageConfig::ref)
        .containsExactly(
            "app",
            "localhost:5000/team/app-1",
            "gcr.io/my_project/app.web:v1.2",
            "library/app:dev");
  }

  @Test
  void duplicateRefs() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: api, command: make, deps: [src/]}
          - {ref: api, command: make, deps: [src/]}
        """))
        .containsExactly(
            "devd.yaml:3:11: images[1].ref: \"api\" is also the ref of images[0]; give each image its own ref, or remove "
                + "one of them");
  }

  @Test
  void imageDepsCycleIsNamedInFull() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: a, command: make a, deps: [src/], imageDeps: [b]}
          - {ref: b, command: make b, deps: [src/], imageDeps: [c]}
          - {ref: c, command: make c, deps: [src/], imageDeps: [a]}
        """))
        .containsExactly(
            "devd.yaml:4:57: images[2].imageDeps[0]: imageDeps form a cycle: a → b → c → a; remove one of these imageDeps");
  }

  @Test
  void imageDependingOnItself() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: base, command: make, deps: [src/], imageDeps: [base]}
        """))
        .containsExactly(
            "devd.yaml:2:58: images[0].imageDeps[0]: imageDeps form a cycle: base → base; remove one of these imageDeps");
  }

  @Test
  void unknownImageDepSuggestsARef() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: base, command: make, deps: [src/]}
          - {ref: api, command: make, deps: [src/], imageDeps: [bsae]}
        """))
        .containsExactly(
            "devd.yaml:3:57: images[1].imageDeps[0]: no image has the ref \"bsae\"; did you mean \"base\"? the refs are: "
                + "api, base");
  }

  @Test
  void localResourceProblems() {
    assertThat(
            project.problems(
                """
        images: [{ref: api, command: make, deps: [src/]}]
        localResources:
          - {name: Unit Tests, cmd: mvn test}
          - {name: api, cmd: make}
          - {name: lint}
          - {name: lint, cmd: make lint}
        """))
        .containsExactly(
            "devd.yaml:3:12: localResources[0].name: invalid name \"Unit Tests\"; use lower-case letters, digits, -, . "
                + "and _, e.g. name: unit-tests",
            "devd.yaml:4:12: localResources[1].name: \"api\" is also the ref of images[0]; give the local resource "
                + "another name",
            "devd.yaml:5:5: localResources[2]: missing \"cmd\" and \"serveCmd\"; add cmd: (runs when deps change, e.g. "
                + "cmd: make test) or serveCmd: (keeps running, e.g. serveCmd: npm start)",
            "devd.yaml:6:12: localResources[3].name: \"lint\" is also the name of localResources[2]; give each local "
                + "resource its own name");
  }

  @Test
  void nothingToDo() {
    assertThat(
            project.report(
                """
        watch: {debounce: 1s}
        """))
        .containsExactly(
            "devd.yaml: there are no images and no localResources, so there is nothing to do; add images: or "
                + "localResources: (see the README)",
            "devd.yaml has 1 problem; nothing was started.");
  }

  @Test
  void keepIsAtLeastOneTagGloballyAndPerImage() {
    assertThat(
            project.problems(
                """
        keep: 0
        images: [{ref: a, command: make, deps: [src/], keep: many}]
        """))
        .containsExactly(
            "devd.yaml:1:7: keep: 0 is out of range; write a whole number of at least 1, e.g. keep: 5",
            "devd.yaml:2:54: images[0].keep: expected a whole number, got a string (\"many\"); write e.g. keep: 5");
  }

  @Test
  void topLevelSettings() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/]}]
        k8sYaml: [k8s/*.yaml, app.yaml]
        defaultRegistry: http://localhost:5000
        runtime: kubernets
        maxParallelUpdates: 0
        resources:
          Web: {portForwards: [8000, "8000:80", "127.0.0.1:8000:80", "1:2:3:4"], triggerMode: manul}
        k8sKinds: [{apiVersion: v1}]
        """))
        .containsExactly(
            "devd.yaml:2:23: k8sYaml[1]: \"app.yaml\" does not exist in ROOT; create it or fix the path",
            "devd.yaml:3:18: defaultRegistry: \"http://localhost:5000\" has a scheme; write it without one, e.g. "
                + "defaultRegistry: localhost:5000",
            "devd.yaml:4:10: runtime: \"kubernets\" is not a runtime; did you mean \"kubernetes\"? write auto, kubernetes "
                + "or podman",
            "devd.yaml:5:21: maxParallelUpdates: 0 is out of range; write a whole number of at least 1, e.g. "
                + "maxParallelUpdates: 3",
            "devd.yaml:7:3: resources.Web: resource names are lower-case, \"Web\" is not; write web",
            "devd.yaml:7:62: resources.Web.portForwards[3]: invalid port forward \"1:2:3:4\"; write LOCAL:CONTAINER, e.g. "
                + "\"8000:80\", or HOST:LOCAL:CONTAINER, e.g. \"127.0.0.1:8000:80\" (ports 1 to 65535)",
            "devd.yaml:7:87: resources.Web.triggerMode: \"manul\" is not a trigger mode; did you mean \"manual\"? write "
                + "auto or manual",
            "devd.yaml:8:12: k8sKinds[0]: missing \"kind\"; add the kind's name, e.g. kind: Rollout");
  }

  @Test
  void envValuesThatAreNotScalars() {
    assertThat(
            project.problems(
                """
        images: [{ref: a, command: make, deps: [src/], env: {A: 1, B: , C: [x]}}]
        """))
        .containsExactly(
            "devd.yaml:1:60: images[0].env.B: variable B has no value; write B: \"\" for an empty value",
            "devd.yaml:1:68: images[0].env.C: expected a value (a string, number or boolean), got a list; write e.g. "
                + "env: {FLASK_ENV: development}");
  }

  @Test
  void severalProblemsComeOutTogetherInFileOrder() {
    // The reader meets watch: before images: and checks imageDeps last; the user still reads them
    // top to bottom.
    assertThat(
            project.report(
                """
        images:
          - ref: a
            command: ""
            deps: [src/]
            imageDeps: [a]
          - ref: b
            comand: make
            deps: [nope/]
        watch:
          debounce: soon
        """))
        .containsExactly(
            "devd.yaml:3:14: images[0].command: the command is empty; write the command that builds $EXPECTED_REF",
            "devd.yaml:5:17: images[0].imageDeps[0]: imageDeps form a cycle: a → a; remove one of these imageDeps",
            "devd.yaml:6:5: images[1]: missing \"command\"; add the command that builds $EXPECTED_REF, e.g. command: "
                + "docker build -t $EXPECTED_REF ., or a builder preset, e.g. builder: docker",
            "devd.yaml:7:5: images[1].comand: unknown key \"comand\"; did you mean \"command\"?",
            "devd.yaml:10:13: watch.debounce: invalid duration \"soon\"; write a number with a unit, e.g. 100ms, 10s, 2m",
            "devd.yaml has 5 problems; nothing was started.");
  }

  @Test
  void everyBadLineOfEveryIgnoreFileIsAProblemOfThatFile() {
    // Read once devd.yaml itself is good: only then is it known which ignore files it makes devd
    // read.
    project
        .file("web/.dockerignore", "*.log\n[z-a]\n# fine\na[\n")
        .file(".devdignore", "tmp/\n!\n");

    assertThat(
            project.report(
                """
        images:
          - {ref: web, command: make, deps: [web/, Dockerfile]}
        localResources:
          - {name: test, cmd: make test, deps: [src/]}
        """))
        .containsExactly(
            ".devdignore:2: invalid pattern \"!\": an exception needs a path after \"!\"; write what to re-include, such "
                + "as \"!keep.txt\", or remove the line",
            "web/.dockerignore:2: invalid pattern \"[z-a]\": character range \"z-a\" is reversed; write the range from low "
                + "to high, e.g. \"[a-z]\"",
            "web/.dockerignore:4: invalid pattern \"a[\": unclosed character class; close it with \"]\", or write \"\\[\" "
                + "to match a \"[\"",
            "devd.yaml and the files it names have 3 problems; nothing was started.");
  }

  @Test
  void aDepDevdCannotWatchSaysWhatToWatchInstead() {
    assertThat(
            project.problems(
                """
        images:
          - {ref: web, command: make, deps: [/]}
        localResources:
          - {name: procs, cmd: ps, deps: [/proc/self/]}
        """))
        .containsExactly(
            "devd.yaml:2:38: images[0].deps[0]: \"/\" is the whole file system, and devd cannot register every folder of "
                + "it with the operating system; name the folders and files whose changes matter, e.g. deps: [src/, "
                + "Dockerfile]",
            "devd.yaml:4:35: localResources[0].deps[0]: \"/proc/self/\" is on the kernel's proc file system, whose files "
                + "change without the events devd watches for; name folders and files of your project, e.g. deps: [src/]");
  }

  @Test
  void yamlLimitsAreASentenceWithALineNotTheParsersText() {
    String nested =
        "images: []\nlocalResources:\n  - {name: t, cmd: make, deps: [src/]}\nx: "
            + "[".repeat(501)
            + "]".repeat(501)
            + "\n";
    String bomb =
        """
        images: []
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        """;

    assertThat(project.problems(nested))
        .containsExactly(
            "devd.yaml:4: lists and mappings are nested more than 500 deep here; flatten the YAML; devd reads at most 500 "
                + "levels");
    assertThat(project.problems(bomb))
        .containsExactly(
            "devd.yaml:5: the aliases (*name) here expand to more than 9999 YAML values, as an alias bomb does; write the "
                + "values out or nest fewer aliases; devd expands at most 9999 values per alias");
    assertThat(
            project.problems(
                "# " + "x".repeat(YamlParserFactory.MAX_DOCUMENT_CHARS) + "\nimages: []\n"))
        .containsExactly(
            "devd.yaml:1: the YAML document is longer than 3 MB (3145728 characters); split it into "
                + "smaller documents or files; devd reads documents of up to 3 MB");
  }

  @Test
  void aLongCommentLineBelowTheLimitIsRead() throws ConfigException {
    // 3 MB in one token: with the parser's default buffer this took seconds (and a 10 MB one 26 s);
    // read in one piece now.
    ProjectConfig config =
        project.load(
            "# "
                + "x".repeat(YamlParserFactory.MAX_DOCUMENT_CHARS - 100)
                + """

        images:
          - {ref: web, command: make, deps: [web/]}
        """);

    assertThat(config.images()).hasSize(1);
  }
}
