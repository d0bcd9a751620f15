package dev.devd.testing;

import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project folder in a temp dir: devd.yaml, source files, and the files test commands write their
 * marks to.
 */
public final class TestProject {
  private final Path root;

  public TestProject(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path path(String relative) {
    return root.resolve(relative);
  }

  public Path write(String relative, String text) {
    Path file = root.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public ProjectConfig config(String devdYaml) throws ConfigException {
    write("devd.yaml", devdYaml);
    return new ConfigLoader().load(root.resolve("devd.yaml"));
  }

  /** The lines of a file a command appends to; none while it does not exist. */
  public List<String> lines(String relative) {
    Path file = root.resolve(relative);
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
