package dev.devd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project folder in a temp dir for config tests: files and folders to point at, and devd.yaml
 * texts to load.
 */
final class TestProject {
  final Path root;

  TestProject(Path root) {
    this.root = root;
  }

  /** Creates folders (names ending in /) and files (anything else) under the root. */
  TestProject with(String... paths) {
    try {
      for (String path : paths) {
        Path target = root.resolve(path);
        if (path.endsWith("/")) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.writeString(target, "");
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TestProject file(String path, String content) {
    try {
      Files.createDirectories(root.resolve(path).getParent());
      Files.writeString(root.resolve(path), content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path devdYaml() {
    return root.resolve("devd.yaml");
  }

  ProjectConfig load(String yaml) throws ConfigException {
    return new ConfigLoader().parse(yaml, devdYaml());
  }

  /** The lines the user reads for this devd.yaml, the project folder written as ROOT. */
  List<String> report(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("devd.yaml should have been rejected").isNotNull();
    return e.report().replace(root.toString(), "ROOT").lines().toList();
  }

  /** The problem lines alone, without the summary. */
  List<String> problems(String yaml) {
    List<String> lines = report(yaml);
    return lines.subList(0, lines.size() - 1);
  }
}
