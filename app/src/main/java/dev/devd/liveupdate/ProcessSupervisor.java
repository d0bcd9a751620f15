package dev.devd.liveupdate;

import dev.devd.config.ImageConfig;
import dev.devd.config.LiveUpdateStep;
import dev.devd.image.ImageCommand;
import dev.devd.image.ImageRef;
import dev.devd.render.ContainerEdits;
import dev.devd.render.RenderedManifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How {@code restartProcess} restarts a container's main process without replacing the container,
 * so that the files synced into it stay (SPEC §11.1). At render time, the command of every
 * container of an image with a {@code restartProcess} step is wrapped in a small POSIX sh script,
 * the supervisor, which runs the original command as its child and writes its own pid to {@value
 * #PIDFILE_ENV} (a file in {@code /dev/shm}, which is writable in Kubernetes and podman containers,
 * even with a read-only root file system). After a live update has synced the files and run the
 * {@code run} steps, devd runs {@link #TRIGGER} in the container (by exec, as it runs {@code run}
 * steps), which sends the supervisor SIGHUP: the supervisor sends its child SIGTERM, waits for it
 * to end, and starts the original command again. When the child ends by itself, the supervisor ends
 * with its exit code, so the container ends as it would have without devd, and its restart policy
 * applies. SIGTERM and SIGINT (the container being stopped) go on to the child.
 *
 * <p>Like Tilt's restart_process extension, this needs a shell in the image ({@code /bin/sh}), but
 * no other program: {@code kill}, {@code read} and {@code wait} are shell builtins. Unlike it, the
 * image needs no wrapper binary of devd's, and no trigger file is watched: the signal arrives at
 * once.
 */
public final class ProcessSupervisor {
  /**
   * The variable that tells the supervisor and the trigger where the supervisor's pid is; set on
   * wrapped containers.
   */
  public static final String PIDFILE_ENV = "DEVD_RESTART_PIDFILE";

  /**
   * The shell the supervisor runs in: where POSIX images keep it, and kube play gives a container
   * no PATH of its own.
   */
  public static final String SHELL = "/bin/sh";

  /**
   * The supervisor's name in its argv ({@code $0}), which shows in {@code ps} inside the container.
   */
  static final String NAME = "devd-restart-supervisor";

  // `wait` returns early (status > 128) when a trapped signal arrives while it waits; the child may
  // still run then,
  // so the supervisor waits again until `kill -0` says the child is gone. stdin is kept for the
  // child on fd 3, as a
  // background job of a non-interactive shell would otherwise read /dev/null. wait's stderr is
  // dropped: busybox sh
  // prints "Terminated" there for each restart.
  static final String SCRIPT =
      """
      pidfile=${DEVD_RESTART_PIDFILE:-}
      if [ -n "$pidfile" ]; then
        echo $$ > "$pidfile" || echo "devd restartProcess: cannot write $pidfile, so devd cannot restart $1" >&2
      fi
      exec 3<&0
      child=; restart=; stop=
      trap 'restart=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null' HUP
      trap 'stop=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null' TERM INT
      while [ -z "$stop" ]; do
        restart=
        "$@" <&3 3<&- &
        child=$!
        wait "$child" 2>/dev/null; code=$?
        while kill -0 "$child" 2>/dev/null; do wait "$child" 2>/dev/null; code=$?; done
        child=
        [ -n "$restart" ] && [ -z "$stop" ] || exit "$code"
        echo "devd restartProcess: restarting $1" >&2
      done
      exit 143
      """;

  /** Run in the container after a live update: signals the supervisor, or says why it cannot. */
  static final String TRIGGER =
      """
      if [ -z "${DEVD_RESTART_PIDFILE:-}" ]; then
        echo "the container's command does not run under devd's restartProcess supervisor" >&2; exit 3
      fi
      read -r pid < "$DEVD_RESTART_PIDFILE" && kill -HUP "$pid"
      """;

  private ProcessSupervisor() {}

  /** What devd runs in a container to restart its process. */
  public static List<String> triggerArgv() {
    return List.of(SHELL, "-c", TRIGGER);
  }

  /** The command of a wrapped container; its {@code args} are the original command. */
  static List<String> command() {
    return List.of(SHELL, "-c", SCRIPT, NAME);
  }

  /**
   * Where the supervisor of a container keeps its pid: per container name, as a pod's containers
   * share /dev/shm.
   */
  static String pidFile(String container) {
    return "/dev/shm/devd-restart-" + container + ".pid";
  }

  /**
   * Wraps the command of every app container that runs one of {@code images} (the deployed refs of
   * images with a {@code restartProcess} step) in the supervisor.
   *
   * @param commands what an image runs by itself (empty when devd cannot tell), asked only for
   *     containers whose YAML names no command
   * @throws ProcessRestartException when devd cannot tell what a container runs
   */
  public static RenderedManifests wrap(
      RenderedManifests rendered,
      Set<ImageRef> images,
      Function<ImageRef, Optional<ImageCommand>> commands)
      throws ProcessRestartException {
    if (images.isEmpty()) return rendered;
    Map<String, ImageRef> byText = new LinkedHashMap<>();
    images.forEach(image -> byText.put(image.toString(), image));
    List<String> problems = new ArrayList<>();
    RenderedManifests wrapped =
        ContainerEdits.map(
            rendered,
            container -> {
              ImageRef image =
                  container.get("image") instanceof String text ? byText.get(text) : null;
              if (image == null || isWrapped(container)) return container;
              Optional<List<String>> argv =
                  originalCommand(container, image, commands, rendered.resource(), problems);
              return argv.isEmpty() ? container : wrapped(container, argv.get());
            });
    if (!problems.isEmpty()) throw new ProcessRestartException(String.join("\n", problems));
    return wrapped;
  }

  /**
   * The deployed refs of the images with a {@code restartProcess} step, whose containers run under
   * the supervisor.
   *
   * @param deployRefs configured ref → the ref deployed for it
   */
  public static Set<ImageRef> restarting(
      List<ImageConfig> images, Map<String, ImageRef> deployRefs) {
    Set<ImageRef> refs = new java.util.LinkedHashSet<>();
    for (ImageConfig image : images) {
      ImageRef deployed = deployRefs.get(image.ref());
      if (deployed != null
          && image.liveUpdate().stream()
              .anyMatch(step -> step instanceof LiveUpdateStep.RestartProcess)) {
        refs.add(deployed);
      }
    }
    return refs;
  }

  /**
   * What to tell a user whose image has no shell, so that the supervisor cannot start: which image,
   * and what to do.
   */
  public static String noShell(String image) {
    return image
        + " has no "
        + SHELL
        + ", which restartProcess needs: devd runs the container's command under a small"
        + " sh script that restarts it after a live update; add a shell to the image (busybox's sh, or a base image"
        + " that has one), or remove restartProcess from its liveUpdate steps";
  }

  /**
   * Whether a container runs under the supervisor (its rendered YAML has the supervisor's
   * variable).
   */
  public static boolean isWrapped(Map<String, Object> container) {
    return container.get("env") instanceof List<?> env
        && env.stream()
            .anyMatch(
                item ->
                    item instanceof Map<?, ?> variable && PIDFILE_ENV.equals(variable.get("name")));
  }

  /** The images of the containers of {@code rendered} that run under the supervisor. */
  public static List<String> wrappedImages(RenderedManifests rendered) {
    return ContainerEdits.all(rendered).stream()
        .filter(ProcessSupervisor::isWrapped)
        .map(container -> String.valueOf(container.get("image")))
        .distinct()
        .toList();
  }

  /**
   * Kubernetes' rule: {@code command} replaces the entrypoint, {@code args} the cmd; without a
   * command, both count.
   */
  private static Optional<List<String>> originalCommand(
      Map<String, Object> container,
      ImageRef image,
      Function<ImageRef, Optional<ImageCommand>> commands,
      String resource,
      List<String> problems) {
    Optional<List<String>> command = strings(container.get("command"));
    Optional<List<String>> args = strings(container.get("args"));
    String named = "container \"" + container.get("name") + "\" of " + resource;
    List<String> argv = new ArrayList<>();
    if (command.isPresent()) {
      argv.addAll(command.get());
      args.ifPresent(argv::addAll);
    } else {
      Optional<ImageCommand> own = commands.apply(image);
      if (own.isEmpty()) {
        problems.add(
            "restartProcess: devd cannot tell what "
                + named
                + " runs: its YAML names no command, and "
                + image
                + " is not in the local image store to read its entrypoint from; write the command in the container's YAML"
                + " (command: [...]), or set entrypoint on the image in devd.yaml");
        return Optional.empty();
      }
      argv.addAll(own.get().entrypoint());
      argv.addAll(args.orElse(own.get().cmd()));
    }
    if (argv.isEmpty()) {
      problems.add(
          "restartProcess: "
              + named
              + " runs nothing devd can restart: neither its YAML nor "
              + image
              + " names a command; write the command in the container's YAML (command: [...])");
      return Optional.empty();
    }
    return Optional.of(argv);
  }

  private static Map<String, Object> wrapped(Map<String, Object> container, List<String> argv) {
    Map<String, Object> wrapped = new LinkedHashMap<>(container);
    wrapped.put("command", command());
    wrapped.put("args", argv);
    List<Object> env =
        container.get("env") instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
    env.add(Map.of("name", PIDFILE_ENV, "value", pidFile(String.valueOf(container.get("name")))));
    wrapped.put("env", env);
    return wrapped;
  }

  private static Optional<List<String>> strings(Object value) {
    if (!(value instanceof List<?> list)) return Optional.empty();
    return Optional.of(list.stream().map(String::valueOf).toList());
  }
}
