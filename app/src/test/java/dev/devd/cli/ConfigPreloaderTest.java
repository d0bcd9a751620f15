package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPreloaderTest {
  @TempDir Path temp;

  @AfterEach
  void nothingLeftBehind() throws Exception {
    ConfigPreloader.take(temp.resolve("devd.yaml"));
  }

  private Path config(String text) throws Exception {
    Files.createDirectories(temp.resolve("src"));
    return Files.writeString(temp.resolve("devd.yaml"), text);
  }

  @Test
  void handsOverWhatItReadOnce() throws Exception {
    Path file = config("localResources:\n  - {name: test, cmd: \"true\", deps: [src]}\n");
    ConfigPreloader.preload(file);

    ProjectConfig read = ConfigPreloader.take(file).orElseThrow();

    assertThat(read.localResources())
        .singleElement()
        .satisfies(local -> assertThat(local.name()).isEqualTo("test"));
    assertThat(ConfigPreloader.take(file)).isEmpty();
  }

  @Test
  void handsOverNothingForAnotherFile() throws Exception {
    Path file = config("localResources:\n  - {name: test, cmd: \"true\", deps: [src]}\n");
    ConfigPreloader.preload(file);

    assertThat(ConfigPreloader.take(temp.resolve("other.yaml"))).isEmpty();
  }

  @Test
  void handsOverNothingWhenTheFileChangedSince() throws Exception {
    Path file = config("localResources:\n  - {name: test, cmd: \"true\", deps: [src]}\n");
    ConfigPreloader.preload(file);
    Files.writeString(file, "localResources:\n  - {name: edited, cmd: \"true\", deps: [src]}\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(ConfigPreloader.take(file)).isEmpty();
  }

  @Test
  void theProblemsItFoundComeOutAsReadingWouldReportThem() throws Exception {
    Path file =
        config("localResources:\n  - {name: test, cmd: \"true\", deps: [src], colour: red}\n");
    ConfigPreloader.preload(file);

    assertThatThrownBy(() -> ConfigPreloader.take(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void aMissingFileIsLeftToTheCommand() throws Exception {
    ConfigPreloader.preload(temp.resolve("devd.yaml"));

    assertThat(ConfigPreloader.take(temp.resolve("devd.yaml"))).isEmpty();
  }
}
