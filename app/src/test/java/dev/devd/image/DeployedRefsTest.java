package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployedRefsTest {
  @TempDir Path project;

  @Test
  void nothingIsDeployedBeforeTheFirstRecord() throws Exception {
    assertThat(new DeployedRefs(project.resolve(".devd")).read()).isEmpty();
  }

  @Test
  void eachRecordReplacesItsImagesAndKeepsTheOthers() throws Exception {
    DeployedRefs refs = new DeployedRefs(project.resolve(".devd"));
    refs.record(
        Map.of(
            "web",
            ImageRef.parse("web:devd-1111111111111111"),
            "api",
            ImageRef.parse("api:devd-aaaa")));
    refs.record(Map.of("web", ImageRef.parse("localhost:5000/web:devd-2222222222222222")));

    assertThat(new DeployedRefs(project.resolve(".devd")).read())
        .isEqualTo(
            Map.of(
                "web",
                ImageRef.parse("localhost:5000/web:devd-2222222222222222"),
                "api",
                ImageRef.parse("api:devd-aaaa")));
    assertThat(Files.readString(project.resolve(".devd/deployed-images")))
        .isEqualTo("api\tapi:devd-aaaa\nweb\tlocalhost:5000/web:devd-2222222222222222\n");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(project.resolve(".devd/deployed-images"))))
        .as("only its owner reads what devd deployed")
        .isEqualTo("rw-------");
    try (var files = Files.list(project.resolve(".devd"))) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactly("deployed-images");
    }
  }

  @Test
  void aLineThatIsNoRefCountsAsNotDeployed() throws Exception {
    Files.createDirectories(project.resolve(".devd"));
    Files.writeString(
        project.resolve(".devd/deployed-images"), "web\tNot A Ref\napi\tapi:v1\ngarbage\n");

    assertThat(new DeployedRefs(project.resolve(".devd")).read())
        .isEqualTo(Map.of("api", ImageRef.parse("api:v1")));
  }
}
