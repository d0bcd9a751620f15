package dev.devd.podman;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.render.DevdLabels;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.TearDown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code devd down} on the podman runtime: removes the pods of every resource devd played for this
 * project, and only those ({@link PodOwners}): a pod of the same name that another project played
 * stays.
 */
public final class PodmanDowner implements TearDown {
  private final ProjectConfig config;

  public PodmanDowner(ProjectConfig config) {
    this.config = config;
  }

  /**
   * Removes the pods of every played resource; podman has no namespaces, so both options change
   * nothing.
   */
  @Override
  public void down(boolean deleteNamespaces, Optional<String> onlyNamespace, ResourceLog log)
      throws DeployException {
    Map<String, Path> played = played();
    if (played.isEmpty()) {
      log.info("nothing to delete: devd has not run anything of this project with podman");
      return;
    }
    remove(played, log);
    log.info(
        "removed {} from podman", played.size() == 1 ? "1 resource" : played.size() + " resources");
  }

  /** Removes the pods of one resource this project played, and forgets that it played it. */
  void removeResource(String resource, ResourceLog log) throws DeployException {
    remove(
        Map.of(DevdLabels.resourceValue(resource), PodmanRuntime.yamlFile(config, resource)), log);
  }

  /**
   * @param played the played YAML file of each resource, by its {@code devd.dev/resource} label
   *     value
   */
  private void remove(Map<String, Path> played, ResourceLog log) throws DeployException {
    PodmanCli podman = new PodmanCli(new ProcessRunner(), config.root());
    PodOwners owners = new PodOwners(podman, new PodmanProject(config.root()));
    try {
      for (Map.Entry<String, Path> resource : played.entrySet()) {
        podman.removePods(owners.ours(Set.of(resource.getKey())));
        Files.deleteIfExists(resource.getValue());
        log.info("removed {} (its pods are gone from podman)", resource.getKey());
      }
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    } catch (IOException e) {
      throw new DeployException(
          "cannot delete a file in "
              + PodmanRuntime.yamlFile(config, "x").getParent()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The resources this project played, by the label value their played YAML files are named after.
   */
  private Map<String, Path> played() throws DeployException {
    Path folder = PodmanRuntime.yamlFile(config, "x").getParent();
    Map<String, Path> played = new LinkedHashMap<>();
    if (!Files.isDirectory(folder)) return played;
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      for (Path file : yamls)
        played.put(file.getFileName().toString().replaceFirst("\\.yaml$", ""), file);
    } catch (IOException e) {
      throw new DeployException("cannot read " + folder + ": " + e.getMessage(), e);
    }
    return played;
  }
}
