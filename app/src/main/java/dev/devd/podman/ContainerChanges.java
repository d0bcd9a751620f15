package dev.devd.podman;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happened to a resource's containers between two looks that devd did not do itself, in lines
 * for the terminal that name the container and say what happens next: a container that stopped or
 * was removed stays so on podman (which restarts only a container that exited by itself, by its
 * restart policy), so the line says how to deploy it again. Pure.
 */
final class ContainerChanges {
  /** How a removed container shows on the status board until the next deploy. */
  static final String REMOVED = "Removed";

  private ContainerChanges() {}

  /**
   * @param resource the resource's name, for the command that deploys it again
   * @param before the containers at the last look
   * @param now the containers as listed now
   * @param restartedByDevd ids of containers devd restarted itself since the last look ({@code
   *     restartContainer})
   */
  static List<String> describe(
      String resource,
      List<PodmanContainer> before,
      List<PodmanContainer> now,
      Set<String> restartedByDevd) {
    Map<String, PodmanContainer> current =
        now.stream().collect(Collectors.toMap(PodmanContainer::id, Function.identity()));
    String again = "; `devd trigger " + resource + "` deploys it again";
    List<String> lines = new ArrayList<>();
    for (PodmanContainer old : before) {
      if (restartedByDevd.contains(old.id())) continue;
      PodmanContainer found = current.get(old.id());
      if (found == null) {
        lines.add("container " + old.displayName() + " was removed, not by devd" + again);
      } else if (old.running() && !found.running()) {
        lines.add(
            "container "
                + found.displayName()
                + " stopped with exit code "
                + found.exitCode()
                + ", not by devd"
                + again);
      } else if (!old.running() && found.running()) {
        lines.add("container " + found.displayName() + " runs again");
      } else if (found.running()
          && found.startedAt().isAfter(old.startedAt())
          && !found.crashLooping()) {
        lines.add(
            "container "
                + found.displayName()
                + " exited with "
                + found.exitCode()
                + " and podman started it"
                + " again ("
                + found.restartCount()
                + (found.restartCount() == 1 ? " restart)" : " restarts)"));
      } else if (found.crashLooping() && !old.crashLooping()) {
        lines.add(
            "container "
                + found.displayName()
                + " is crash-looping ("
                + found.restartCount()
                + " restarts);"
                + " its last lines are above");
      }
    }
    return lines;
  }

  /**
   * The state the status board shows for a container: {@code Running}, {@code Exited (137)}, {@code
   * Created}.
   */
  static String phase(PodmanContainer container) {
    if (container.running()) return "Running";
    String state = container.state().isEmpty() ? "stopped" : container.state();
    String shown = Character.toUpperCase(state.charAt(0)) + state.substring(1);
    return state.equals("exited") || state.equals("stopped")
        ? shown + " (" + container.exitCode() + ")"
        : shown;
  }

  /** The containers of {@code before} that are gone from {@code now}, by id. */
  static List<PodmanContainer> removed(List<PodmanContainer> before, List<PodmanContainer> now) {
    Set<String> ids = now.stream().map(PodmanContainer::id).collect(Collectors.toSet());
    return before.stream().filter(c -> !ids.contains(c.id())).toList();
  }
}
