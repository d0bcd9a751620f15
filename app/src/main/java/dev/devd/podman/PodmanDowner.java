package dev.devd.podman;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.TearDown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code devd down} on the podman runtime: {@code podman kube down} of every resource devd played for the project. */
public final class PodmanDowner implements TearDown {
  private final ProjectConfig config;

  public PodmanDowner(ProjectConfig config) {
    this.config = config;
  }

  /** Removes the pods of every played resource; podman has no namespaces, so both options change nothing. */
  @Override
  public void down(boolean deleteNamespaces, Optional<String> onlyNamespace, ResourceLog log) throws DeployException {
    Path folder = PodmanRuntime.yamlFile(config, "x").getParent();
    List<Path> played = List.of();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        played = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      } catch (IOException e) {
        throw new DeployException("cannot read " + folder + ": " + e.getMessage(), e);
      }
    }
    if (played.isEmpty()) {
      log.info("nothing to delete: devd has not run anything of this project with podman");
      return;
    }
    PodmanCli podman = new PodmanCli(new ProcessRunner(), config.root());
    try {
      for (Path file : played) {
        String resource = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        podman.down(file);
        Files.delete(file);
        log.info("removed {} (podman kube down)", resource);
      }
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    } catch (IOException e) {
      throw new DeployException("cannot delete a file in " + folder + ": " + e.getMessage(), e);
    }
    log.info("removed {} from podman", played.size() == 1 ? "1 resource" : played.size() + " resources");
  }
}
