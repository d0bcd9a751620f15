package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetacherTest {
  @Test
  void theBackgroundDevdGetsTheSameArgumentsAndTheHiddenOptionRightAfterUp() {
    assertThat(Detacher.childArgs(List.of("--verbose", "up", "-d", "web", "--", "up")))
        .containsExactly("--verbose", "up", "--detached-child", "-d", "web", "--", "up");
  }

  @Test
  void theBackgroundDevdStartsAsThisOneDid() {
    List<String> process =
        List.of("-Xms8m", "-XX:AOTCache=devd.aot", "-jar", "devd.jar", "up", "-d");

    assertThat(OwnCommandLine.launch(Optional.of(process), List.of("up", "-d")))
        .containsExactly("-Xms8m", "-XX:AOTCache=devd.aot", "-jar", "devd.jar");
  }

  @Test
  void withoutTheSystemsCopyOfTheArgumentsTheClassPathStartsIt() {
    List<String> launch = OwnCommandLine.launch(Optional.empty(), List.of("up"));

    assertThat(launch).hasSizeBetween(2, 3);
    assertThat(launch.getFirst()).isIn("-jar", "-cp");
  }

  @Test
  void argumentsThatDoNotEndTheProcesssAreNotTrusted() {
    assertThat(
            OwnCommandLine.launch(
                    Optional.of(List.of("-jar", "devd.jar", "status")), List.of("up", "-d"))
                .getFirst())
        .isIn("-jar", "-cp");
    assertThat(
            OwnCommandLine.launch(
                Optional.of(List.of("-jar", "devd.jar", "status")), List.of("up", "-d")))
        .doesNotContain("status");
  }
}
