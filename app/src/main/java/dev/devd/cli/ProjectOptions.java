package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ProjectConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that reads devd.yaml shares: which file. */
public final class ProjectOptions {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "the devd.yaml to use (default: ./devd.yaml)")
  Path file;

  Path configFile() {
    return (file != null ? file : Path.of("devd.yaml")).toAbsolutePath().normalize();
  }

  ProjectConfig load() throws ConfigException {
    Path file = configFile();
    Optional<ProjectConfig> readAhead = ConfigPreloader.take(file);
    return readAhead.isPresent() ? readAhead.get() : new ConfigLoader().load(file);
  }
}
