package dev.devd.podman;

import dev.devd.podman.PodmanCli.PodmanPod;
import dev.devd.render.DevdLabels;
import dev.devd.runtime.DeployException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps each project to its own pods: podman has one namespace of pod names per machine, and {@code
 * kube play --replace} replaces any pod of the same name, so two projects whose YAML names the same
 * Deployment would replace each other's pods. Before a play, a pod of the same name that another
 * project (or no devd at all) made is refused; {@code devd down} and removals take only this
 * project's pods, found by {@link PodmanProject}'s label.
 *
 * <p>Pods played by a devd from before pods carried the project label have devd's labels only; they
 * count as this project's when this project played the resource ({@code
 * .devd/podman/<resource>.yaml} exists).
 */
final class PodOwners {
  private final PodmanCli podman;
  private final PodmanProject project;

  PodOwners(PodmanCli podman, PodmanProject project) {
    this.podman = podman;
    this.project = project;
  }

  /**
   * Refuses, naming the owner, when a pod that these pod names would replace is not this project's.
   *
   * @param podNames the pods a play of the resource makes ({@link PlayedYaml#podNames})
   * @param playedBefore whether this project played the resource before
   */
  void checkMayReplace(String resource, List<String> podNames, boolean playedBefore)
      throws DeployException {
    if (podNames.isEmpty()) return;
    for (PodmanPod pod : pods()) {
      if (!podNames.contains(pod.name()) || isOurs(pod, resource, playedBefore)) continue;
      Optional<String> dir = ownerDir(pod);
      String owner = dir.map(d -> "the devd project in " + d).orElseGet(() -> owner(pod));
      throw new DeployException(
          "pod \""
              + pod.name()
              + "\" belongs to "
              + owner
              + ", and playing "
              + resource
              + " would replace it; rename the workload in this project's YAML"
              + dir.map(d -> ", or run devd down in " + d + " first")
                  .orElse(", or remove that pod yourself (podman pod rm -f " + pod.name() + ")"));
    }
  }

  /**
   * The ids of this project's pods of the resources whose {@code devd.dev/resource} label values
   * are given (resources this project played): pods with its label, and pods a devd from before
   * played for a resource of the same name.
   */
  List<String> ours(Set<String> values) throws DeployException {
    List<String> ids = new ArrayList<>();
    for (PodmanPod pod : pods()) {
      if (!values.contains(pod.labels().getOrDefault(DevdLabels.RESOURCE, ""))) continue;
      if (project.owns(pod.labels()) || isOldDevds(pod)) ids.add(pod.id());
    }
    return ids;
  }

  private boolean isOurs(PodmanPod pod, String resource, boolean playedBefore) {
    if (project.owns(pod.labels())) return true;
    return playedBefore
        && isOldDevds(pod)
        && DevdLabels.resourceValue(resource).equals(pod.labels().get(DevdLabels.RESOURCE));
  }

  private static boolean isOldDevds(PodmanPod pod) {
    Map<String, String> labels = pod.labels();
    return DevdLabels.MANAGED_BY_VALUE.equals(labels.get(DevdLabels.MANAGED_BY))
        && !labels.containsKey(PodmanProject.LABEL);
  }

  /** The folder of the project that played a pod, as its containers' annotation says. */
  private Optional<String> ownerDir(PodmanPod pod) throws DeployException {
    if (!pod.labels().containsKey(PodmanProject.LABEL)) return Optional.empty();
    for (String container : pod.containers()) {
      String dir = annotations(container).get(PodmanProject.DIR_ANNOTATION);
      if (dir != null && !dir.isEmpty()) return Optional.of(dir);
    }
    return Optional.empty();
  }

  /** Who made a pod whose project folder is unknown, in words. */
  private static String owner(PodmanPod pod) {
    if (pod.labels().containsKey(PodmanProject.LABEL)) return "another devd project";
    if (isOldDevds(pod))
      return "a devd project (played by a devd that did not label pods with their project)";
    return "something other than devd";
  }

  private List<PodmanPod> pods() throws DeployException {
    try {
      return podman.pods();
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }

  private Map<String, String> annotations(String container) throws DeployException {
    try {
      return podman.annotations(container);
    } catch (PodmanException e) {
      throw new DeployException(e.getMessage(), e);
    }
  }
}
