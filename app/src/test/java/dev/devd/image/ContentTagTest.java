package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTagTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sha256:3f2a9c01d2e4b7a65c0ffee0123456789abcdef0123456789abcdef012345678, devd-3f2a9c01d2e4b7a6",
    // podman prints image ids without the algorithm
    "efd04e2fcbf0d2fc761c6825925fa2a0d7b6f49d12aaaf962180d4db4822dddb, devd-efd04e2fcbf0d2fc",
    "sha512:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff, devd-0011223344556677",
  })
  void isDevdAndTheFirst16HexDigits(String digest, String tag) {
    assertThat(ContentTag.of(digest)).isEqualTo(tag);
  }

  @Test
  void sameContentGivesTheSameTagAndOtherContentAnother() {
    String a = "sha256:" + "ab".repeat(32);
    String b = "sha256:" + "ab".repeat(7) + "ac" + "ab".repeat(24);

    assertThat(ContentTag.of(a)).isEqualTo(ContentTag.of(a)).isNotEqualTo(ContentTag.of(b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sha256:", "sha256:XYZ", "latest", "sha256:abc123"})
  void rejectsWhatIsNotADigest(String text) {
    assertThatThrownBy(() -> ContentTag.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"" + text + "\" is not an image id or digest");
  }

  @Test
  void normalizesPodmanIdsToDockersForm() {
    assertThat(ContentTag.normalizedId("efd04e2f\n")).isEqualTo("sha256:efd04e2f");
    assertThat(ContentTag.normalizedId("sha256:efd04e2f")).isEqualTo("sha256:efd04e2f");
  }
}
