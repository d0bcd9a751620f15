package dev.devd.custombuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageRef;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryTarget;
import dev.devd.podman.PodmanImageStore;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.RegistryServer;
import dev.devd.testing.ScratchImages;
import dev.devd.testing.TestProject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The modes of SPEC §4 end to end: devd's ImageBuilder runs a build command that makes a tiny image
 * with buildah (and, for skipsLocalDocker, pushes it), then the TagResolver settles the ref,
 * against the real podman store and a real registry.
 */
class TagResolverIT {
  @RegisterExtension static final RegistryServer registry = RegistryServer.anonymous();
  // What a build command does to put an image at $EXPECTED_REF, reproducibly, so equal files give
  // equal image ids.
  private static final String BUILD =
      "c=$(buildah from scratch) && buildah copy -q $c src/app.txt /app.txt >/dev/null"
          + " && buildah commit -q --rm --timestamp 0 $c \"$EXPECTED_REF\" >/dev/null";
  private static final String PUSH =
      "buildah push -q --tls-verify=false \"$EXPECTED_REF\" \"docker://$EXPECTED_REF\"";

  @TempDir Path temp;
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final ProcessRunner runner = new ProcessRunner();
  private final ResourceLog log = new ResourceLog("web");
  private final List<String> steps = new ArrayList<>();
  private final RegistryClient registryClient =
      new RegistryClient(Path.of("no-docker-config.json").toAbsolutePath());
  private TestProject project;
  private ScratchImages images;
  private RegistryTarget target;
  private int buildNumber;

  @BeforeEach
  void setUp() {
    project = new TestProject(temp);
    project.write("src/app.txt", "hello from " + name);
    images = new ScratchImages(temp);
    target = new RegistryTarget(Optional.of(registry.host()));
  }

  @AfterEach
  void tearDown() {
    images.close();
  }

  private ImageConfig image(String command, String... options) throws Exception {
    return project
        .config(
            """
        images:
          - ref: %s
            command: '%s'
            deps: [src]
        %s"""
                .formatted(
                    name,
                    command,
                    String.join(
                        "", List.of(options).stream().map(o -> "    " + o + "\n").toList())))
        .images()
        .getFirst();
  }

  private BuiltImage build(ImageConfig image) throws BuildFailedException {
    ImageRef expected = target.expectedRef(image, "devd-build-" + (1732300000 + ++buildNumber));
    BuiltImage built =
        new ImageBuilder(runner, false)
            .build(new BuildRequest(image, expected, target.environment(), Map.of()), log);
    if (!image.skipsLocalDocker() && image.outputsImageRefTo().isEmpty() && image.tag().isEmpty())
      images.adopt(expected.toString());
    return built;
  }

  private TagResolver resolver(PushPolicy policy) {
    return new TagResolver(PodmanImageStore.create(runner), registryClient, policy);
  }

  private ImageRef settle(TagResolver resolver, BuiltImage built) throws BuildFailedException {
    return resolver.settle(built, log, steps::add);
  }

  private List<String> registryTags() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(registry.url("/v2/" + name + "/tags/list")).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) return List.of();
    List<String> tags = new ArrayList<>();
    JsonMapper.builder()
        .build()
        .readTree(response.body())
        .path("tags")
        .forEach(tag -> tags.add(tag.asString()));
    return tags;
  }

  private String configDigestInRegistry(ImageRef ref) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        registry.url("/v2/" + ref.path() + "/manifests/" + ref.tag().orElseThrow()))
                    .header("Accept", String.join(", ", RegistryClient.MANIFEST_MEDIA_TYPES))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode manifest = JsonMapper.builder().build().readTree(response.body());
    return manifest.path("config").path("digest").asString();
  }

  @Test
  void byDefaultTagsTheBuiltImageByItsIdAndPushesThatTag() throws Exception {
    BuiltImage built = build(image(BUILD));
    String id = "sha256:" + images.adopt(built.expectedRef().toString());

    ImageRef deployed;
    try (ConsoleCapture console = new ConsoleCapture()) {
      deployed =
          settle(resolver(PushPolicy.push("the cluster pulls from " + registry.host())), built);

      assertThat(console.lines())
          .contains("[web]     Tagged " + built.expectedRef() + " as " + deployed);
    }

    assertThat(deployed).hasToString(registry.host() + "/" + name + ":devd-" + id.substring(7, 23));
    assertThat(steps).containsExactly("Pushing " + deployed);
    assertThat(registryTags()).containsExactly(deployed.tag().orElseThrow());
    // The registry's image is the one built: its config digest is the local image id the tag was
    // derived from.
    assertThat(configDigestInRegistry(deployed)).isEqualTo(id);
  }

  @Test
  void thePodmanRuntimeRetagsWithoutPushing() throws Exception {
    BuiltImage built = build(image(BUILD));

    ImageRef deployed;
    try (ConsoleCapture console = new ConsoleCapture()) {
      deployed = settle(resolver(PushPolicy.podmanRuntime()), built);

      assertThat(console.lines())
          .contains("[web] Skipping push: the podman runtime runs images from the local store");
    }
    assertThat(PodmanImageStore.create(runner).imageId(deployed)).isPresent();
    assertThat(steps).isEmpty();
    assertThat(registryTags()).isEmpty();
  }

  @Test
  void theTemporaryBuildTagIsGoneOnceTheImageHasItsContentTag() throws Exception {
    BuiltImage built = build(image(BUILD));

    ImageRef deployed = settle(resolver(PushPolicy.podmanRuntime()), built);

    assertThat(images.names()).containsExactly(deployed.toString());
    assertThat(PodmanImageStore.create(runner).imageId(built.expectedRef())).isEmpty();
  }

  @Test
  void aFixedTagTheCommandBuiltToStaysBesideTheContentTag() throws Exception {
    ImageConfig image = image("true", "tag: dev");
    images.build(name + ":dev", "fixed tag stays " + name);

    ImageRef deployed = settle(resolver(PushPolicy.podmanRuntime()), build(image));

    assertThat(images.names())
        .containsExactlyInAnyOrder("localhost/" + name + ":dev", deployed.toString());
  }

  @Test
  void aFailedBuildsTemporaryTagIsDiscarded() throws Exception {
    ImageConfig image = image(BUILD + " && exit 4");
    ImageRef expected = target.expectedRef(image, "devd-build-1732200000");
    assertThatThrownBy(
            () ->
                new ImageBuilder(runner, false)
                    .build(new BuildRequest(image, expected, target.environment(), Map.of()), log))
        .isInstanceOf(BuildFailedException.class);
    images.adopt(expected.toString());

    resolver(PushPolicy.podmanRuntime()).discard(image, expected, log);

    assertThat(PodmanImageStore.create(runner).imageId(expected)).isEmpty();
  }

  @Test
  void disablePushRetagsLocallyAndPushesNothing() throws Exception {
    ImageConfig image = image(BUILD, "disablePush: true");
    BuiltImage built = build(image);
    TagResolver resolver = resolver(PushPolicy.push("the cluster pulls from " + registry.host()));

    ImageRef deployed;
    try (ConsoleCapture console = new ConsoleCapture()) {
      deployed = settle(resolver, built);

      assertThat(console.lines()).contains("[web] Skipping push: disablePush is set");
    }
    assertThat(resolver.pushes(image)).isFalse();
    assertThat(deployed.tag().orElseThrow()).startsWith("devd-").hasSize(21);
    assertThat(PodmanImageStore.create(runner).imageId(deployed)).isPresent();
    assertThat(registryTags()).isEmpty();
  }

  @Test
  void identicalContentGetsTheIdenticalTag() throws Exception {
    ImageConfig image = image(BUILD);
    TagResolver resolver = resolver(PushPolicy.push("the cluster pulls from " + registry.host()));

    ImageRef first = settle(resolver, build(image));
    ImageRef second = settle(resolver, build(image));
    project.write("src/app.txt", "changed " + name);
    ImageRef third = settle(resolver, build(image));

    assertThat(second).isEqualTo(first);
    assertThat(third).isNotEqualTo(first);
    assertThat(registryTags())
        .containsExactlyInAnyOrder(first.tag().orElseThrow(), third.tag().orElseThrow());
  }

  @Test
  void withAFixedTagStartsFromNameColonTag() throws Exception {
    ImageConfig image = image("true", "tag: dev");
    String id = images.build(name + ":dev", "fixed tag " + name);

    ImageRef deployed =
        settle(
            resolver(PushPolicy.push("the cluster pulls from " + registry.host())), build(image));

    assertThat(deployed).hasToString(registry.host() + "/" + name + ":devd-" + id.substring(0, 16));
    assertThat(registryTags()).containsExactly(deployed.tag().orElseThrow());
  }

  @Test
  void aMissingImageAtTheFixedTagSaysWhatTheCommandMustBuild() throws Exception {
    BuiltImage built = build(image("true", "tag: dev"));

    assertThatThrownBy(() -> settle(resolver(PushPolicy.podmanRuntime()), built))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage(
            "the build finished but no image \""
                + name
                + ":dev\" is in the local podman store (nor \""
                + registry.host()
                + "/"
                + name
                + ":dev\"); images[0].tag is \"dev\", so the command must build exactly that ref"
                + " (e.g. docker build -t "
                + name
                + ":dev .)");
  }

  @Test
  void aMissingImageAtTheExpectedRefAsksWhetherTheCommandTaggedIt() throws Exception {
    BuiltImage built =
        new ImageBuilder(runner, false)
            .build(
                new BuildRequest(
                    image("true"),
                    target.expectedRef(image("true"), "devd-build-1732300001"),
                    target.environment(),
                    Map.of()),
                log);

    assertThatThrownBy(() -> settle(resolver(PushPolicy.podmanRuntime()), built))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage(
            "the build finished but no image \""
                + registry.host()
                + "/"
                + name
                + ":devd-build-1732300001\" is in"
                + " the local podman store; did the command tag the image? if it doesn't use docker, set skipsLocalDocker");
  }

  @Test
  void skipsLocalDockerTagsThePushedImageInTheRegistryByManifestPutAlone() throws Exception {
    ImageConfig image = image(BUILD + " && " + PUSH, "skipsLocalDocker: true");
    BuiltImage built = build(image);
    images.adopt(built.expectedRef().toString());
    String digest = registryClient.manifestDigest(built.expectedRef()).orElseThrow();
    List<String> blobsBefore = registry.blobDigests();
    int requestsBefore = registry.requests().size();
    TagResolver resolver = resolver(PushPolicy.push("the cluster pulls from " + registry.host()));

    ImageRef deployed;
    try (ConsoleCapture console = new ConsoleCapture()) {
      deployed = settle(resolver, built);

      assertThat(console.lines())
          .contains(
              "[web]     Tagged "
                  + built.expectedRef()
                  + " as "
                  + deployed
                  + " in registry "
                  + registry.host()
                  + " (no image data copied)");
    }

    assertThat(deployed)
        .hasToString(registry.host() + "/" + name + ":devd-" + digest.substring(7, 23));
    assertThat(registryClient.manifestDigest(deployed)).contains(digest);
    assertThat(registry.blobDigests()).isEqualTo(blobsBefore);
    List<String> requests = registry.requests();
    assertThat(requests.subList(requestsBefore, requests.size()))
        .contains("PUT /v2/" + name + "/manifests/" + deployed.tag().orElseThrow() + " 201")
        .noneMatch(request -> request.contains("/blobs/"));
    assertThat(resolver.pushes(image)).isFalse();
    assertThat(steps).isEmpty();
    assertThat(settle(resolver, built)).as("settling again").isEqualTo(deployed);
  }

  @Test
  void skipsLocalDockerDeploysTheExpectedRefAsItIsWhenTheRegistryDoesNotHaveIt() throws Exception {
    BuiltImage built = build(image("true", "skipsLocalDocker: true"));

    try (ConsoleCapture console = new ConsoleCapture()) {
      assertThat(settle(resolver(PushPolicy.podmanRuntime()), built))
          .isEqualTo(built.expectedRef());

      assertThat(console.lines())
          .contains(
              "[web]     Deploying "
                  + built.expectedRef()
                  + " as it is: registry "
                  + registry.host()
                  + " does not have it (the build put it where the cluster finds it)");
    }
  }

  @Test
  void skipsLocalDockerDeploysAsItIsAndSaysWhyWhenTheRegistryIsUnreachable() throws Exception {
    int closedPort;
    try (RegistryServer gone = RegistryServer.anonymous().start()) {
      closedPort = gone.port();
    }
    target = new RegistryTarget(Optional.of("127.0.0.1:" + closedPort));
    BuiltImage built = build(image("true", "skipsLocalDocker: true"));

    try (ConsoleCapture console = new ConsoleCapture()) {
      assertThat(settle(resolver(PushPolicy.podmanRuntime()), built))
          .isEqualTo(built.expectedRef());

      assertThat(console.lines())
          .contains(
              "[web] cannot tag "
                  + built.expectedRef()
                  + " by content: cannot reach registry 127.0.0.1:"
                  + closedPort
                  + " at http://127.0.0.1:"
                  + closedPort
                  + " (connection refused); check that it runs and that its host and"
                  + " port are right",
              "[web] deploying " + built.expectedRef() + " as it is");
    }
  }

  @Test
  void skipsLocalDockerWithoutARegistryDeploysAsItIs() throws Exception {
    target = RegistryTarget.none();
    BuiltImage built = build(image("true", "skipsLocalDocker: true"));

    try (ConsoleCapture console = new ConsoleCapture()) {
      assertThat(settle(resolver(PushPolicy.podmanRuntime()), built))
          .isEqualTo(built.expectedRef());

      assertThat(console.lines())
          .contains(
              "[web]     Deploying "
                  + name
                  + ":devd-build-"
                  + (1732300000 + buildNumber)
                  + " as it is: it names no registry where devd could tag it by content");
    }
  }

  @Test
  void outputsImageRefToDeploysTheRefTheBuildWrote() throws Exception {
    BuiltImage built =
        build(image("echo \"$EXPECTED_REF\" > ref.txt", "outputsImageRefTo: ref.txt"));

    assertThat(settle(resolver(PushPolicy.podmanRuntime()), built)).isEqualTo(built.expectedRef());
    assertThat(steps).isEmpty();
  }

  @Test
  void outputsImageRefToRefusesAMissingFileEvenIfAnEarlierBuildLeftOne() throws Exception {
    project.write("ref.txt", "web:from-an-earlier-build\n");
    BuiltImage built = build(image("true", "outputsImageRefTo: ref.txt"));
    Path file = project.path("ref.txt");

    assertThatThrownBy(() -> settle(resolver(PushPolicy.podmanRuntime()), built))
        .isInstanceOf(BuildFailedException.class)
        .hasMessage(
            "the build did not write its image ref to "
                + file
                + "; write the final ref there (e.g. echo"
                + " \"$EXPECTED_REF\" > "
                + file
                + ") or remove outputsImageRefTo");
  }

  @Test
  void outputsImageRefToRefusesAnEmptyFile() throws Exception {
    BuiltImage built = build(image(": > ref.txt", "outputsImageRefTo: ref.txt"));
    Path file = project.path("ref.txt");

    assertThatThrownBy(() -> settle(resolver(PushPolicy.podmanRuntime()), built))
        .hasMessage(
            "the build left "
                + file
                + " empty; write the final ref there (e.g. echo \"$EXPECTED_REF\" > "
                + file
                + ")");
  }

  @Test
  void outputsImageRefToRefusesARefWithoutTag() throws Exception {
    BuiltImage built =
        build(image("echo " + registry.host() + "/web > ref.txt", "outputsImageRefTo: ref.txt"));
    Path file = project.path("ref.txt");

    assertThatThrownBy(() -> settle(resolver(PushPolicy.podmanRuntime()), built))
        .hasMessage(
            file
                + " holds \""
                + registry.host()
                + "/web\", a ref without a tag or digest, which is not immutable;"
                + " write the final ref there (e.g. echo \"$EXPECTED_REF\" > "
                + file
                + ")");
  }
}
