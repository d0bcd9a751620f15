package dev.devd.k8s;

import dev.devd.liveupdate.ProcessSupervisor;
import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads what a fabric8 {@link Pod} says in devd's terms: its {@link PodSnapshot}, whether a
 * container is crash-looping or cannot start, and the one-line state people read ({@code Running,
 * ready}). Pure; shared by the observers.
 */
final class PodStatusReader {
  // A container that restarted this often and is not running now is crash-looping even before the
  // kubelet says
  // CrashLoopBackOff (it reports "Error" or "Completed" between the crash and the back-off). 3 is a
  // judgement call:
  // one restart can be a dependency that was not up yet, three in a row rarely is.
  static final int REPEATED_RESTARTS = 3;

  // Waiting reasons that mean the image cannot be had; the kubelet keeps retrying, but nothing
  // changes without a fix.
  private static final Set<String> IMAGE_TROUBLE =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable");
  // Waiting reasons that mean the container cannot be created from its spec (a missing ConfigMap or
  // Secret key...).
  private static final Set<String> START_TROUBLE =
      Set.of(
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError",
          "PreStartHookError",
          "PostStartHookError");

  private PodStatusReader() {}

  /** What is wrong with one container, in words for the terminal. */
  record Trouble(
      Kind kind,
      String container,
      String image,
      String reason,
      String message,
      int restarts,
      boolean supervised) {
    enum Kind {
      CRASH_LOOP,
      IMAGE,
      START
    }
  }

  static PodSnapshot snapshot(String resource, Pod pod, Instant seenAt) {
    List<Container> containers = containers(pod);
    return new PodSnapshot(
        resource,
        pod.getMetadata().getNamespace(),
        name(pod),
        phase(pod),
        ready(pod),
        restarts(pod),
        crashLooping(pod).isPresent(),
        containers.stream().map(c -> c.getImage() == null ? "" : c.getImage()).toList(),
        containers.stream().map(Container::getName).toList(),
        seenAt);
  }

  static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  /**
   * The pod's uid, or its name where the server sets none, so one pod name reused by a new pod is a
   * new pod.
   */
  static String key(Pod pod) {
    String uid = pod.getMetadata().getUid();
    return uid == null || uid.isEmpty() ? name(pod) : uid;
  }

  /**
   * The phase the server reports; a pod without a status yet has not been scheduled, which is
   * Pending.
   */
  static String phase(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return phase == null || phase.isEmpty() ? "Pending" : phase;
  }

  static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /**
   * Every app container reports ready (and there is at least one); init containers do not count.
   */
  static boolean ready(Pod pod) {
    List<ContainerStatus> statuses = status(pod).getContainerStatuses();
    return statuses != null
        && !statuses.isEmpty()
        && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
  }

  static boolean succeeded(Pod pod) {
    return "Succeeded".equals(phase(pod));
  }

  static int restarts(Pod pod) {
    return containerStatuses(pod).mapToInt(PodStatusReader::restarts).sum();
  }

  static int restarts(ContainerStatus status) {
    return status.getRestartCount() == null ? 0 : status.getRestartCount();
  }

  /** Init containers first, then app containers, as the kubelet runs them. */
  static Stream<ContainerStatus> containerStatuses(Pod pod) {
    PodStatus status = status(pod);
    return Stream.concat(
        nullSafe(status.getInitContainerStatuses()), nullSafe(status.getContainerStatuses()));
  }

  /** The containers of the pod's spec, init containers first. */
  static List<Container> containers(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) return List.of();
    List<Container> all =
        new ArrayList<>(spec.getInitContainers() == null ? List.of() : spec.getInitContainers());
    if (spec.getContainers() != null) all.addAll(spec.getContainers());
    return all;
  }

  static Optional<ContainerStatus> containerStatus(Pod pod, String container) {
    return containerStatuses(pod).filter(s -> container.equals(s.getName())).findFirst();
  }

  /** The first container that is crash-looping, if any. */
  static Optional<Trouble> crashLooping(Pod pod) {
    return containerStatuses(pod)
        .filter(PodStatusReader::crashLooping)
        .findFirst()
        .map(s -> trouble(Trouble.Kind.CRASH_LOOP, pod, s));
  }

  static boolean crashLooping(ContainerStatus status) {
    ContainerState state = status.getState();
    ContainerStateWaiting waiting = state == null ? null : state.getWaiting();
    if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) return true;
    boolean running = state != null && state.getRunning() != null;
    // An init container that finished (exit 0) after failing a few times got there; it is not
    // looping.
    boolean completed =
        state != null
            && state.getTerminated() != null
            && Integer.valueOf(0).equals(state.getTerminated().getExitCode());
    return restarts(status) >= REPEATED_RESTARTS && !running && !completed;
  }

  /**
   * The first container that is crash-looping, cannot get its image, or cannot be created; none
   * when all is well.
   */
  static Optional<Trouble> trouble(Pod pod) {
    Optional<Trouble> crash = crashLooping(pod);
    if (crash.isPresent()) return crash;
    return containerStatuses(pod)
        .flatMap(
            s -> {
              String reason = waitingReason(s);
              if (IMAGE_TROUBLE.contains(reason))
                return Stream.of(trouble(Trouble.Kind.IMAGE, pod, s));
              if (START_TROUBLE.contains(reason))
                return Stream.of(trouble(Trouble.Kind.START, pod, s));
              return Stream.empty();
            })
        .findFirst();
  }

  private static Trouble trouble(Trouble.Kind kind, Pod pod, ContainerStatus status) {
    ContainerState state = status.getState();
    String reason = waitingReason(status);
    String message =
        state != null && state.getWaiting() != null && state.getWaiting().getMessage() != null
            ? state.getWaiting().getMessage()
            : "";
    Optional<Container> container =
        containers(pod).stream().filter(c -> c.getName().equals(status.getName())).findFirst();
    String image =
        container
            .map(Container::getImage)
            .orElse(status.getImage() == null ? "" : status.getImage());
    // Runs under devd's restartProcess supervisor, which needs a shell in the image.
    boolean supervised =
        container
            .map(
                c ->
                    c.getEnv() != null
                        && c.getEnv().stream()
                            .anyMatch(env -> ProcessSupervisor.PIDFILE_ENV.equals(env.getName())))
            .orElse(false);
    return new Trouble(
        kind, status.getName(), image, reason, message, restarts(status), supervised);
  }

  /** {@code container web is crash-looping (5 restarts)} and the like, without the pod's name. */
  static String describe(Trouble trouble) {
    return switch (trouble.kind()) {
      case CRASH_LOOP ->
          "container "
              + trouble.container()
              + " is crash-looping ("
              + restartsText(trouble.restarts())
              + ")";
      case IMAGE ->
          "cannot pull image \""
              + trouble.image()
              + "\" for container "
              + trouble.container()
              + " ("
              + reasonAndMessage(trouble)
              + ")";
      case START ->
          "cannot start container "
              + trouble.container()
              + " ("
              + reasonAndMessage(trouble)
              + ")"
              + (trouble.supervised()
                      && trouble.message().contains("\"" + ProcessSupervisor.SHELL + "\"")
                  ? "; " + ProcessSupervisor.noShell(trouble.image())
                  : "");
    };
  }

  private static String reasonAndMessage(Trouble trouble) {
    return trouble.message().isEmpty()
        ? trouble.reason()
        : trouble.reason() + ": " + trouble.message();
  }

  static String restartsText(int restarts) {
    return restarts + (restarts == 1 ? " restart" : " restarts");
  }

  /**
   * The pod's state in a few words: {@code Pending (container web: ContainerCreating)}, {@code
   * Running, ready}, {@code Running, not ready (2 restarts)}, {@code Failed (container job exited
   * with 1: Error)}, {@code Terminating}.
   */
  static String summary(Pod pod) {
    if (terminating(pod)) return "Terminating";
    String phase = phase(pod);
    StringBuilder text = new StringBuilder(phase);
    if (phase.equals("Running")) text.append(ready(pod) ? ", ready" : ", not ready");
    List<String> details = new ArrayList<>();
    containerStatuses(pod)
        .forEach(
            s -> {
              String reason = waitingReason(s);
              if (!reason.isEmpty()) details.add("container " + s.getName() + ": " + reason);
            });
    if (phase.equals("Failed")) {
      containerStatuses(pod).forEach(s -> terminatedBadly(s).ifPresent(details::add));
      if (details.isEmpty() && status(pod).getReason() != null)
        details.add(status(pod).getReason());
    }
    if (phase.equals("Pending") && details.isEmpty()) unschedulable(pod).ifPresent(details::add);
    int restarts = restarts(pod);
    if (restarts > 0) details.add(restartsText(restarts));
    if (!details.isEmpty()) text.append(" (").append(String.join("; ", details)).append(')');
    return text.toString();
  }

  /**
   * One line per container that restarted between {@code before} and {@code after} and runs again
   * (a crash loop has its own line): {@code container web exited with 137 (Error) and the kubelet
   * started it again (1 restart)}.
   */
  static List<String> restartedContainers(Pod before, Pod after) {
    List<String> lines = new ArrayList<>();
    containerStatuses(after)
        .forEach(
            status -> {
              int was =
                  containerStatus(before, status.getName())
                      .map(PodStatusReader::restarts)
                      .orElse(restarts(status));
              if (restarts(status) <= was || crashLooping(status)) return;
              ContainerStateTerminated last =
                  status.getLastState() == null ? null : status.getLastState().getTerminated();
              String ended =
                  last == null || last.getExitCode() == null
                      ? "stopped"
                      : "exited with "
                          + last.getExitCode()
                          + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
              lines.add(
                  "container "
                      + status.getName()
                      + " "
                      + ended
                      + " and the kubelet started it again ("
                      + restartsText(restarts(status))
                      + ")");
            });
    return lines;
  }

  private static Optional<String> terminatedBadly(ContainerStatus status) {
    ContainerStateTerminated terminated =
        status.getState() == null ? null : status.getState().getTerminated();
    if (terminated == null || terminated.getExitCode() == null || terminated.getExitCode() == 0)
      return Optional.empty();
    String reason = terminated.getReason() == null ? "" : ": " + terminated.getReason();
    return Optional.of(
        "container " + status.getName() + " exited with " + terminated.getExitCode() + reason);
  }

  private static Optional<String> unschedulable(Pod pod) {
    List<PodCondition> conditions = status(pod).getConditions();
    if (conditions == null) return Optional.empty();
    return conditions.stream()
        .filter(
            c ->
                "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus())
                    && c.getReason() != null)
        .map(PodCondition::getReason)
        .findFirst();
  }

  static String waitingReason(ContainerStatus status) {
    ContainerState state = status.getState();
    if (state == null || state.getWaiting() == null || state.getWaiting().getReason() == null)
      return "";
    return state.getWaiting().getReason();
  }

  private static PodStatus status(Pod pod) {
    return pod.getStatus() == null ? new PodStatus() : pod.getStatus();
  }

  private static <T> Stream<T> nullSafe(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
  }
}
