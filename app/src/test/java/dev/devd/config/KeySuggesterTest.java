package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggesterTest {
  static final List<String> IMAGE_KEYS = ImageReader.KEYS;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "NONE",
      value = {
        "dep, deps", // one insertion, short key
        "Deps, deps", // case only
        "DEPENDENCIES, NONE", // far away
        "comand, command", // one deletion
        "commmand, command",
        "cmomand, command", // swapped neighbours count as one edit
        "comandbat, commandBat", // case-insensitive distance
        "imgDeps, imageDeps", // two edits on a long key
        "imageDep, imageDeps",
        "skipLocalDocker, skipsLocalDocker",
        "disablepush, disablePush",
        "outputImageRefTo, outputsImageRefTo",
        "tags, tag", // short key: one edit is close
        "taggs, NONE", // short key: two edits are not
        "ref, ref",
        "rf, ref",
        "colour, NONE",
        "e, NONE", // replacing the whole key is no suggestion
        "dirs, dir",
        "liveupdates, liveUpdate",
        "timout, timeout",
      })
  void suggestsTheClosestKnownKey(String input, String expected) {
    assertThat(KeySuggester.closest(input, IMAGE_KEYS).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} / {1} = {2}")
  @CsvSource({
    "abc, abc, 0",
    "abc, acb, 1",
    "abc, ab, 1",
    "abc, abcd, 1",
    "abc, xbc, 1",
    "ca, abc, 3", // optimal string alignment: no edit of an already swapped pair
    "kitten, sitting, 3",
    "'', abc, 3",
  })
  void distance(String a, String b, int expected) {
    assertThat(KeySuggester.distance(a, b)).isEqualTo(expected);
    assertThat(KeySuggester.distance(b, a)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "dokcer, docker",
    "podmna, podman",
    "jib, NONE",
    "kubectl, NONE",
    "kubectlbuild, kubectl-build",
  })
  void suggestsPresets(String input, String expected) {
    assertThat(KeySuggester.closest(input, BuilderPresets.SHIPPED).orElse("NONE"))
        .isEqualTo(expected);
  }
}
