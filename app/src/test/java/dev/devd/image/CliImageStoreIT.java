package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.podman.PodmanImageStore;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.RegistryServer;
import dev.devd.testing.ScratchImages;
import dev.devd.wiring.LocalImageStores;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The podman CLI's local store for real: images built with buildah, pushed to a real registry. */
class CliImageStoreIT {
  @RegisterExtension static final RegistryServer registry = RegistryServer.anonymous();

  @TempDir Path temp;
  private final ProcessRunner runner = new ProcessRunner();
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private ScratchImages images;
  private CliImageStore podman;

  @BeforeEach
  void setUp() {
    images = new ScratchImages(temp);
    podman = PodmanImageStore.create(runner);
  }

  @AfterEach
  void tearDown() {
    images.close();
  }

  @Test
  void findsTheIdOfAnImageInTheStore() throws Exception {
    String id = images.build(name + ":v1", "one " + name);

    assertThat(podman.imageId(ImageRef.parse(name + ":v1"))).contains("sha256:" + id);
    assertThat(podman.imageId(ImageRef.parse("localhost/" + name + ":v1")))
        .contains("sha256:" + id);
  }

  @Test
  void anImageThatIsNotThereHasNoId() throws Exception {
    assertThat(podman.imageId(ImageRef.parse(name + ":missing"))).isEmpty();
  }

  @Test
  void tagsAnImageUnderAnotherName() throws Exception {
    String id = images.build(name + ":v1", "two " + name);
    ImageRef newRef = ImageRef.parse(registry.host() + "/" + name + ":devd-0123456789abcdef");

    podman.tag(ImageRef.parse(name + ":v1"), newRef);

    assertThat(podman.imageId(newRef)).contains("sha256:" + id);
    assertThat(images.names()).contains(newRef.toString(), "localhost/" + name + ":v1");
  }

  @Test
  void pushesToAPlainHttpRegistryOnThisMachineWithTheOutputInTheLog() throws Exception {
    String id = images.build(name + ":v1", "three " + name);
    ImageRef ref = ImageRef.parse(registry.host() + "/" + name + ":v1");
    podman.tag(ImageRef.parse(name + ":v1"), ref);

    try (ConsoleCapture console = new ConsoleCapture()) {
      podman.push(ref, new ResourceLog("web"));

      assertThat(console.lines()).contains("[web] Writing manifest to image destination");
    }
    assertThat(new RegistryClient(temp.resolve("no-config.json")).manifestDigest(ref)).isPresent();
    assertThat(registry.blobDigests()).contains("sha256:" + id);
  }

  @Test
  void aFailedPushQuotesPodmanAndSaysWhatToCheck() throws Exception {
    images.build(name + ":v1", "four " + name);
    int closedPort;
    try (RegistryServer gone = RegistryServer.anonymous().start()) {
      closedPort = gone.port();
    }
    ImageRef ref = ImageRef.parse("127.0.0.1:" + closedPort + "/" + name + ":v1");
    podman.tag(ImageRef.parse(name + ":v1"), ref);

    assertThatThrownBy(() -> podman.push(ref, new ResourceLog("web")))
        .isInstanceOf(ImageStoreException.class)
        .hasMessageStartingWith("pushing " + ref + " with podman failed (exit 125): \"Error: ")
        .hasMessageContaining("connection refused")
        .hasMessageEndingWith(
            "\"; check that the registry 127.0.0.1:"
                + closedPort
                + " runs and is reachable from here, or set"
                + " defaultRegistry in devd.yaml");
  }

  @Test
  void detectionSkipsWhatIsMissingAndPicksTheFirstCliThatWorks() throws Exception {
    ImageStore store =
        ImageStores.detect(List.of(cli("devd-no-such-cli"), PodmanImageStore.create(runner)));
    String id = images.build(name + ":v1", "five " + name);

    assertThat(store.imageId(ImageRef.parse(name + ":v1"))).contains("sha256:" + id);
    assertThat(store.name()).isEqualTo("podman");
  }

  @Test
  void dockerWithoutAnEngineIsSkipped() throws Exception {
    assumeFalse(dockerEngineAnswers(), "a docker engine runs here, so docker is the right pick");

    assertThat(LocalImageStores.detect(runner).name()).isEqualTo("podman");
  }

  @Test
  void detectionWaitsForFirstUseAndThenSaysWhatIsMissingAndHowToFixIt() {
    // Creating the store runs nothing: a project whose images all skip the local store needs no
    // CLI.
    ImageStore store =
        ImageStores.detect(List.of(cli("devd-no-such-cli"), cli("devd-no-such-cli-2")));

    assertThatThrownBy(() -> store.imageId(ImageRef.parse("web:v1")))
        .isInstanceOf(ImageStoreException.class)
        .hasMessage(
            "no container engine with a local image store works here (devd-no-such-cli: not installed;"
                + " devd-no-such-cli-2: not installed); start Docker, or install podman (e.g. apt-get install podman), or set"
                + " skipsLocalDocker or outputsImageRefTo on images whose command does not use a local store");
    assertThat(store.name()).isEqualTo("devd-no-such-cli or devd-no-such-cli-2");
  }

  @Test
  void dockerWithoutAnEngineIsNamedWithItsOwnError() {
    assumeFalse(dockerEngineAnswers(), "a docker engine runs here");
    assumeFalse(
        Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(":")).stream())
            .noneMatch(dir -> Path.of(dir, "docker").toFile().canExecute()),
        "no docker CLI here");

    ImageStore store = ImageStores.detect(List.of(CliImageStore.docker(runner)));

    assertThatThrownBy(() -> store.imageId(ImageRef.parse("web:v1")))
        .hasMessageStartingWith(
            "no container engine with a local image store works here (docker: Cannot connect to the"
                + " Docker daemon");
  }

  private CliImageStore cli(String program) {
    return new CliImageStore(runner, program, ref -> List.of());
  }

  private boolean dockerEngineAnswers() {
    try {
      return runner
          .run(
              ProcessSpec.of(List.of("docker", "version", "--format", "{{.Server.Version}}"), temp),
              line -> {})
          .succeeded();
    } catch (Exception e) {
      return false;
    }
  }
}
