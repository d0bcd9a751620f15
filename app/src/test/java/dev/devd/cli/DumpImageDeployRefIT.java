package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.testing.DevdProcess;
import dev.devd.testing.ScratchImages;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code devd dump image-deploy-ref REF} as a real process, against the real local podman store.
 */
class DumpImageDeployRefIT {
  @TempDir Path temp;
  private final String name = "devd-it-" + UUID.randomUUID().toString().substring(0, 8);
  private ScratchImages images;

  @BeforeEach
  void setUp() {
    images = new ScratchImages(temp);
  }

  @AfterEach
  void tearDown() {
    images.close();
  }

  @Test
  void printsTheNameWithTheTagDerivedFromTheImageId() throws Exception {
    String id = images.build(name + ":devd-build-1732300000", "dump " + name);

    DevdProcess.Result result =
        DevdProcess.run(temp, "dump", "image-deploy-ref", name + ":devd-build-1732300000");

    assertThat(result.stderr()).isEmpty();
    assertThat(result.stdout()).isEqualTo(name + ":devd-" + id.substring(0, 16) + "\n");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void anImageThatIsNotInTheStoreIsAFailureWithWhatToDo() throws Exception {
    DevdProcess.Result result =
        DevdProcess.run(temp, "dump", "image-deploy-ref", name + ":missing");

    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .matches(
            "no image \""
                + name
                + ":missing\" is in the local (docker|podman) store; build it"
                + " first, or check the name with `(docker|podman) images`\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }

  @Test
  void aRefThatIsNoRefIsABadArgument() throws Exception {
    DevdProcess.Result result = DevdProcess.run(temp, "dump", "image-deploy-ref", "Web:v1");

    assertThat(result.stderr())
        .isEqualTo(
            "invalid image reference \"Web:v1\": repository must be lowercase; give an image"
                + " ref such as web:dev or localhost:5000/web:dev\n");
    assertThat(result.exitCode()).isEqualTo(2);
  }
}
