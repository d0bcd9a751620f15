package dev.devd.custombuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRefFileTest {
  @TempDir Path dir;

  @Test
  void readsATaggedRefAndIgnoresSurroundingWhiteSpace() throws Exception {
    Path file = Files.writeString(dir.resolve("ref.txt"), "  localhost:5000/web:devd-build-1\n\n");

    assertThat(ImageRefFile.read(file)).hasToString("localhost:5000/web:devd-build-1");
  }

  @Test
  void acceptsARefPinnedByDigest() throws Exception {
    String pinned = "web@sha256:" + "0a".repeat(32);
    Path file = Files.writeString(dir.resolve("ref.txt"), pinned);

    assertThat(ImageRefFile.read(file)).hasToString(pinned);
  }

  @Test
  void aMissingFileSaysWhatToWriteWhere() {
    Path file = dir.resolve("ref.txt");

    assertThatThrownBy(() -> ImageRefFile.read(file))
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
  void anEmptyFileSaysWhatToWrite() throws Exception {
    Path file = Files.writeString(dir.resolve("ref.txt"), " \n");

    assertThatThrownBy(() -> ImageRefFile.read(file))
        .hasMessage(
            "the build left "
                + file
                + " empty; write the final ref there (e.g. echo \"$EXPECTED_REF\" > "
                + file
                + ")");
  }

  @Test
  void aRefWithoutTagIsQuotedAndRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("ref.txt"), "localhost:5000/web\n");

    assertThatThrownBy(() -> ImageRefFile.read(file))
        .hasMessage(
            file
                + " holds \"localhost:5000/web\", a ref without a tag or digest, which is not immutable; write the"
                + " final ref there (e.g. echo \"$EXPECTED_REF\" > "
                + file
                + ")");
  }

  @Test
  void somethingThatIsNoRefIsQuotedWithTheReason() throws Exception {
    Path file = Files.writeString(dir.resolve("ref.txt"), "Web:v1");

    assertThatThrownBy(() -> ImageRefFile.read(file))
        .hasMessage(
            file
                + " does not hold an image ref: invalid image reference \"Web:v1\": repository must be lowercase;"
                + " write the final ref there (e.g. echo \"$EXPECTED_REF\" > "
                + file
                + ")");
  }

  @Test
  void moreThanOneRefIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("ref.txt"), "web:v1\nweb:v2\n");

    assertThatThrownBy(() -> ImageRefFile.read(file))
        .hasMessage(
            file
                + " holds 2 lines (\"web:v1\", \"web:v2\"…); write the final ref there (e.g. echo"
                + " \"$EXPECTED_REF\" > "
                + file
                + "), and nothing else");
  }
}
