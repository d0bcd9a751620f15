package dev.devd.podman;

import dev.devd.runtime.DeployException;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code devd down} on the podman runtime: {@code podman kube down} of every resource devd played for the project. */
public final class PodmanDowner {
  private PodmanDowner() {}

  /** Removes the pods of every played resource and returns the resources removed. */
  public static List<String> down(ProjectConfig config, ResourceLog log) throws DeployException {
    Path folder = PodmanDeployer.yamlFile(config, "x").getParent();
    if (!Files.isDirectory(folder)) return List.of();
    PodmanCli podman = new PodmanCli(new ProcessRunner(), config.root());
    List<String> removed = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String resource = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        podman.down(file);
        Files.delete(file);
        log.info("removed {} (podman kube down)", resource);
        removed.add(resource);
      }
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    } catch (IOException e) {
      throw new DeployException("cannot read " + folder + ": " + e.getMessage(), e);
    }
    return removed;
  }
}
