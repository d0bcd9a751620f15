package dev.devd.podman;

import dev.devd.config.DurationFormatter;
import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import dev.devd.exec.RunningProcess;
import dev.devd.podman.PlayResult.PlayedPod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the podman commands devd needs (SPEC §7) through {@link ProcessRunner}: {@code kube play} of
 * rendered YAML, listing and removing pods, listing containers, following their logs, copying files
 * into them, running commands in them and restarting them. A failure becomes a {@link
 * PodmanException} that quotes podman's own error line and says what to do.
 *
 * <p>Facts about podman 4.3 this relies on, seen on the development machine: {@code kube play}
 * prints {@code Pod:} followed by the new pods' ids (after {@code Pods stopped:}/{@code Pods
 * removed:} when {@code --replace} removed old ones); it names a Deployment's pod {@code
 * <name>-pod-0} and its containers {@code <pod>-<container>}, which carry the pod template's
 * labels; pods it creates stop when their last container stops (exit policy {@code stop}).
 */
public final class PodmanCli {
  static final String PROGRAM = "podman";
  // Playing may pull images; a minute is enough for a dev image, five for a large base image on a
  // slow link.
  private static final Duration PLAY_TIMEOUT = Duration.ofMinutes(5);
  // Listing, copying and stopping take well under a second here; the limit only catches a hung
  // podman.
  private static final Duration SHORT_TIMEOUT = Duration.ofMinutes(1);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ProcessRunner runner;
  private final Path dir;

  /**
   * Runs podman in {@code dir} (the project folder; {@code kube play} resolves relative paths from
   * there).
   */
  public PodmanCli(ProcessRunner runner, Path dir) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** Whether podman can be started at all ({@code podman --version} works). */
  public boolean installed() {
    try {
      return runner
          .run(
              ProcessSpec.of(List.of(PROGRAM, "--version"), dir).withTimeout(SHORT_TIMEOUT),
              line -> {})
          .succeeded();
    } catch (ProcessStartException e) {
      return false;
    }
  }

  /**
   * {@code podman kube play --replace yaml}: removes the pods an earlier play of the same file
   * created and creates them anew from the YAML; returns the new pods with their containers.
   */
  public PlayResult play(Path yaml) throws PodmanException {
    Output output =
        run(
            List.of(PROGRAM, "kube", "play", "--replace", yaml.toString()),
            PLAY_TIMEOUT,
            "check the YAML in "
                + yaml
                + "; podman kube play runs Pod, Deployment, PersistentVolumeClaim and ConfigMap"
                + " objects, and a Deployment with one replica");
    List<String> podIds = idsAfter(output.stdout(), "Pod:");
    if (podIds.isEmpty()) return new PlayResult(List.of());
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "pod", "inspect"));
    argv.addAll(podIds);
    JsonNode inspected = json(run(argv, SHORT_TIMEOUT, "").stdout(), "podman pod inspect");
    List<PlayedPod> pods = new ArrayList<>();
    for (JsonNode pod : inspected.isArray() ? inspected.values() : List.of(inspected)) {
      String infra = pod.path("InfraContainerID").asString("");
      List<String> containers = new ArrayList<>();
      for (JsonNode container : pod.path("Containers").values()) {
        if (!container.path("Id").asString("").equals(infra))
          containers.add(container.path("Name").asString(""));
      }
      pods.add(
          new PlayedPod(pod.path("Id").asString(""), pod.path("Name").asString(""), containers));
    }
    return new PlayResult(pods);
  }

  /**
   * {@code podman kube down yaml}: stops and removes the pods a play of the file created, whoever
   * played them; gone pods are no error.
   */
  public void down(Path yaml) throws PodmanException {
    List<String> argv = List.of(PROGRAM, "kube", "down", yaml.toString());
    Output output = start(argv, SHORT_TIMEOUT);
    if (output.result().succeeded()) return;
    List<String> errors = errorLines(output.stderr());
    // A pod that is already gone is what down wants; podman 4.3 still says "Error: no pod with name
    // or ID … found".
    if (!errors.isEmpty() && errors.stream().allMatch(line -> line.contains("no such pod"))) return;
    throw failure(argv, output, "remove the pods by hand with podman pod rm -f NAME");
  }

  /**
   * One pod as {@code podman pod ps} lists it; {@code containers} are the ids of its containers but
   * the infra one.
   */
  public record PodmanPod(
      String id, String name, Map<String, String> labels, List<String> containers) {
    public PodmanPod {
      labels = Map.copyOf(labels);
      containers = List.copyOf(containers);
    }
  }

  /** Every pod podman has, of any state ({@code podman pod ps}). */
  public List<PodmanPod> pods() throws PodmanException {
    JsonNode listed =
        json(
            run(List.of(PROGRAM, "pod", "ps", "--format", "json"), SHORT_TIMEOUT, "").stdout(),
            "podman pod ps");
    List<PodmanPod> pods = new ArrayList<>();
    for (JsonNode pod : listed.values()) {
      Map<String, String> labels = new LinkedHashMap<>();
      pod.path("Labels")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
      String infra = pod.path("InfraId").asString("");
      List<String> containers = new ArrayList<>();
      for (JsonNode container : pod.path("Containers").values()) {
        String id = container.path("Id").asString("");
        if (!id.equals(infra)) containers.add(id);
      }
      pods.add(
          new PodmanPod(
              pod.path("Id").asString(""), pod.path("Name").asString(""), labels, containers));
    }
    return pods;
  }

  /** A container's annotations; empty when it is gone. */
  public Map<String, String> annotations(String container) throws PodmanException {
    Output output =
        start(
            List.of(
                PROGRAM,
                "container",
                "inspect",
                "--format",
                "{{json .Config.Annotations}}",
                container),
            SHORT_TIMEOUT);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!output.result().succeeded()) return annotations;
    json(output.stdout(), "podman container inspect")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asString("")));
    return annotations;
  }

  /**
   * Stops and removes these pods with their containers ({@code podman pod rm -f}); pods already
   * gone are no error.
   */
  public void removePods(List<String> pods) throws PodmanException {
    if (pods.isEmpty()) return;
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "pod", "rm", "-f"));
    argv.addAll(pods);
    Output output = start(argv, SHORT_TIMEOUT);
    if (output.result().succeeded()) return;
    List<String> errors = errorLines(output.stderr());
    if (!errors.isEmpty() && errors.stream().allMatch(line -> line.contains("no such pod"))) return;
    throw failure(argv, output, "remove the pods by hand with podman pod rm -f NAME");
  }

  /**
   * The containers, of any state, that carry all of these labels ({@code podman ps --filter
   * label=k=v}); pods' infra containers are left out.
   */
  public List<PodmanContainer> containers(Map<String, String> labels) throws PodmanException {
    List<String> filters = new ArrayList<>();
    labels.forEach((key, value) -> filters.add("label=" + key + "=" + value));
    return list(filters);
  }

  /** The containers of these pods (by name or id), infra containers left out. */
  public List<PodmanContainer> containersOfPods(List<String> pods) throws PodmanException {
    if (pods.isEmpty()) return List.of();
    return list(pods.stream().map(pod -> "pod=" + pod).toList());
  }

  /** One container by name or id, if it exists. */
  public Optional<PodmanContainer> container(String nameOrId) throws PodmanException {
    List<PodmanContainer> found = inspect(List.of(nameOrId), Map.of(), true);
    return found.stream().findFirst();
  }

  /**
   * Follows a container's log ({@code podman logs -f}), from {@code since} on or from its start;
   * each line goes to {@code out}. The command ends when the container is removed; {@link
   * RunningProcess#stop()} ends it earlier.
   */
  public RunningProcess logs(String container, Optional<Instant> since, OutputSink out)
      throws PodmanException {
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "logs", "-f"));
    // RFC 3339 with nanoseconds, which podman reads; Instant.toString writes exactly that.
    since.ifPresent(time -> argv.addAll(List.of("--since", time.toString())));
    argv.add(container);
    try {
      return runner.start(ProcessSpec.of(argv, dir), out);
    } catch (ProcessStartException e) {
      throw notStarted(e);
    }
  }

  /**
   * Waits for a container that does not run to run again ({@code podman wait --condition running},
   * which asks podman once a second); the command ends when it runs, or with an error when it is
   * removed. {@link RunningProcess#stop()} ends it earlier.
   */
  public RunningProcess awaitRunning(String container) throws PodmanException {
    List<String> argv =
        List.of(PROGRAM, "wait", "--condition", "running", "--interval", "1s", container);
    try {
      return runner.start(ProcessSpec.of(argv, dir), line -> {});
    } catch (ProcessStartException e) {
      throw notStarted(e);
    }
  }

  /**
   * Starts {@code argv} in a running container with its stdin open ({@code podman exec -i}), for a
   * command devd keeps talking to; it ends when devd closes its stdin or stops it, or when the
   * container stops.
   */
  public RunningProcess startExec(
      String container, List<String> argv, OutputSink stdout, OutputSink stderr)
      throws PodmanException {
    List<String> command = new ArrayList<>(List.of(PROGRAM, "exec", "-i", container));
    command.addAll(argv);
    try {
      return runner.start(ProcessSpec.of(command, dir).withOpenInput(), stdout, stderr);
    } catch (ProcessStartException e) {
      throw notStarted(e);
    }
  }

  /**
   * Runs {@code argv} in a running container ({@code podman exec}), output lines to {@code out};
   * returns the command's result. podman's own failures (no such container, container not running)
   * throw instead.
   */
  public ProcessResult exec(String container, List<String> argv, OutputSink out, Duration timeout)
      throws PodmanException {
    List<String> command = new ArrayList<>(List.of(PROGRAM, "exec", container));
    command.addAll(argv);
    List<String> stderr = new CopyOnWriteArrayList<>();
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.of(command, dir).withTimeout(timeout),
              out,
              line -> {
                stderr.add(line);
                out.line(line);
              });
    } catch (ProcessStartException e) {
      throw notStarted(e);
    }
    if (result.outcome() == ProcessResult.Outcome.TIMED_OUT) {
      throw new PodmanException(
          "`"
              + String.join(" ", argv)
              + "` in "
              + container
              + " was still running after "
              + DurationFormatter.format(timeout)
              + " and was stopped");
    }
    // 125 is podman's own failure (podman exec passes the command's codes through, 126 and 127
    // included).
    List<String> errors = errorLines(stderr);
    if (result.exitCode() == 125 && !errors.isEmpty()) {
      throw new PodmanException(
          "podman exec in "
              + container
              + " failed: "
              + errors.getLast()
              + advice(errors.getLast()));
    }
    return result;
  }

  /**
   * Unpacks a tar file at {@code /} in the container ({@code podman cp - CONTAINER:/}); podman
   * itself unpacks it, so the container needs no tar of its own.
   */
  public void copyArchive(String container, Path tar) throws PodmanException {
    // ProcessRunner gives commands no stdin, and podman cp reads an archive to unpack only from
    // stdin, so a shell
    // redirects the file into it; the names go in as arguments, never into the script.
    List<String> argv =
        List.of(
            "sh",
            "-c",
            "exec " + PROGRAM + " cp - \"$1\" < \"$2\"",
            "sh",
            container + ":/",
            tar.toString());
    Output output = start(argv, SHORT_TIMEOUT);
    if (!output.result().succeeded()) {
      throw failure(
          List.of(PROGRAM, "cp", "-", container + ":/"),
          output,
          "check that the container still runs");
    }
  }

  /**
   * Restarts a container, giving its process {@code stopTimeout} to end after TERM. The last
   * running container of a pod is restarted with its pod: podman 4.3 stops such a pod (and with it
   * the infra container whose namespaces the container joins) as soon as the container stops, so
   * {@code podman restart} fails with "cannot get namespace path unless container … is running".
   */
  public void restart(String container, Duration stopTimeout) throws PodmanException {
    PodmanContainer found =
        container(container)
            .orElseThrow(
                () ->
                    new PodmanException(
                        "cannot restart " + container + ": podman has no such container"));
    String seconds = Long.toString(Math.max(0, stopTimeout.toSeconds()));
    boolean lastRunning =
        found.pod().isPresent()
            && containersOfPods(List.of(found.pod().get())).stream()
                .noneMatch(other -> other.running() && !other.id().equals(found.id()));
    if (lastRunning) {
      String pod = found.pod().get();
      check(
          List.of(PROGRAM, "pod", "stop", "-t", seconds, pod),
          "restart the pod by hand: podman pod restart " + pod);
      check(
          List.of(PROGRAM, "pod", "start", pod), "start the pod by hand: podman pod start " + pod);
    } else {
      check(
          List.of(PROGRAM, "restart", "-t", seconds, found.id()),
          "restart it by hand: podman restart " + found.name());
    }
  }

  private List<PodmanContainer> list(List<String> filters) throws PodmanException {
    // --pod fills in PodName, which spares a `podman pod inspect` (about 30 ms) per container in
    // inspect() below.
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "ps", "-a", "--pod", "--format", "json"));
    for (String filter : filters) argv.addAll(List.of("--filter", filter));
    JsonNode listed = json(run(argv, SHORT_TIMEOUT, "").stdout(), "podman ps");
    List<String> ids = new ArrayList<>();
    Map<String, String> podNames = new LinkedHashMap<>();
    for (JsonNode container : listed.values()) {
      if (container.path("IsInfra").asBoolean(false)) continue;
      String id = container.path("Id").asString("");
      ids.add(id);
      String pod = container.path("PodName").asString("");
      if (!pod.isEmpty()) podNames.put(id, pod);
    }
    if (ids.isEmpty()) return List.of();
    return inspect(ids, podNames, false);
  }

  /**
   * {@code podman container inspect}, which has what {@code ps} rounds or leaves out: start times
   * in nanoseconds and restart counts. Pod names come from {@code podName} or, when missing, from
   * {@code podman pod inspect}.
   */
  private List<PodmanContainer> inspect(
      List<String> ids, Map<String, String> podNames, boolean missingIsEmpty)
      throws PodmanException {
    List<String> argv = new ArrayList<>(List.of(PROGRAM, "container", "inspect"));
    argv.addAll(ids);
    Output output = start(argv, SHORT_TIMEOUT);
    if (!output.result().succeeded()) {
      // A container removed between ps and inspect, or asked for by a name that does not exist.
      if (missingIsEmpty
          && errorLines(output.stderr()).stream().allMatch(l -> l.contains("no such container"))) {
        return List.of();
      }
      throw failure(argv, output, "");
    }
    List<PodmanContainer> containers = new ArrayList<>();
    for (JsonNode container : json(output.stdout(), "podman container inspect").values()) {
      if (container.path("IsInfra").asBoolean(false)) continue;
      String id = container.path("Id").asString("");
      JsonNode state = container.path("State");
      String podId = container.path("Pod").asString("");
      Optional<String> pod = Optional.ofNullable(podNames.get(id));
      if (pod.isEmpty() && !podId.isEmpty()) pod = podName(podId);
      Map<String, String> labels = new LinkedHashMap<>();
      container
          .path("Config")
          .path("Labels")
          .properties()
          .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
      containers.add(
          new PodmanContainer(
              id,
              container.path("Name").asString(""),
              container.path("ImageName").asString(""),
              state.path("Status").asString(""),
              state.path("Running").asBoolean(false),
              instant(state.path("StartedAt").asString("")),
              container.path("RestartCount").asInt(0),
              state.path("ExitCode").asInt(0),
              pod,
              labels));
    }
    return containers;
  }

  private Optional<String> podName(String podId) throws PodmanException {
    Output output =
        start(List.of(PROGRAM, "pod", "inspect", "--format", "{{.Name}}", podId), SHORT_TIMEOUT);
    if (!output.result().succeeded() || output.stdout().isEmpty()) return Optional.empty();
    return Optional.of(output.stdout().getFirst().strip());
  }

  private void check(List<String> argv, String fix) throws PodmanException {
    run(argv, SHORT_TIMEOUT, fix);
  }

  /** Runs a podman command that must succeed. */
  private Output run(List<String> argv, Duration timeout, String fix) throws PodmanException {
    Output output = start(argv, timeout);
    if (!output.result().succeeded()) throw failure(argv, output, fix);
    return output;
  }

  private Output start(List<String> argv, Duration timeout) throws PodmanException {
    List<String> stdout = new CopyOnWriteArrayList<>();
    List<String> stderr = new CopyOnWriteArrayList<>();
    try {
      ProcessResult result =
          runner.run(ProcessSpec.of(argv, dir).withTimeout(timeout), stdout::add, stderr::add);
      return new Output(result, List.copyOf(stdout), List.copyOf(stderr));
    } catch (ProcessStartException e) {
      throw notStarted(e);
    }
  }

  private static PodmanException failure(List<String> argv, Output output, String fix) {
    String command = "`" + String.join(" ", argv) + "`";
    if (output.result().outcome() == ProcessResult.Outcome.TIMED_OUT) {
      return new PodmanException(
          command
              + " did not finish within its time limit and was stopped; check that podman"
              + " works: podman info");
    }
    if (output.result().outcome() == ProcessResult.Outcome.STOPPED) {
      return new PodmanException(command + " was stopped: devd is stopping");
    }
    List<String> errors = errorLines(output.stderr());
    String error =
        errors.isEmpty()
            ? (output.stderr().isEmpty() ? "no error message" : output.stderr().getLast())
            : errors.getLast();
    // kube play says why a container did not start on a line of its own before "Error: failed to
    // start 1 containers".
    if (error.matches("Error: failed to start \\d+ containers?")) {
      error =
          output.stderr().stream()
              .map(String::strip)
              .filter(line -> line.startsWith("starting container "))
              .map(line -> line.replaceFirst("^starting container [0-9a-f]+: ", ""))
              .findFirst()
              .map(cause -> "Error: a container did not start: " + cause)
              .orElse(error);
    }
    String advice = advice(error);
    return new PodmanException(
        command
            + " failed with exit code "
            + output.result().exitCode()
            + ": "
            + error
            + (!advice.isEmpty() ? advice : fix.isEmpty() ? "" : "; " + fix));
  }

  /** What to do about errors seen on this kind of machine. */
  private static String advice(String error) {
    if (error.contains("setrlimit")
        || error.contains("error setting rlimit")
        || error.contains("cgroups in hybrid")) {
      return "; podman's runtime settings do not fit this machine: see \"podman\" in the README (runc, cgroupfs and"
          + " lower ulimits in containers.conf)";
    }
    if (error.contains("catatonit"))
      return "; install catatonit, which podman kube play needs for its pods";
    if (error.contains("pod already exists")) {
      return "; if a Deployment asks for more than one replica, set replicas: 1: podman kube play runs one pod per"
          + " Deployment";
    }
    if (error.contains("image not known") || error.contains("initializing source")) {
      return "; build the image first, or check its name in the YAML";
    }
    return "";
  }

  /** podman's own error lines ({@code Error: …}), without the prefix's level noise. */
  private static List<String> errorLines(List<String> stderr) {
    return stderr.stream().map(String::strip).filter(line -> line.startsWith("Error:")).toList();
  }

  private static PodmanException notStarted(ProcessStartException e) {
    return new PodmanException(
        "cannot run podman: "
            + e.problem()
            + "; install podman (apt-get install podman), or set"
            + " runtime: kubernetes in devd.yaml",
        e);
  }

  /**
   * The ids listed after a section header such as {@code Pod:}, up to the next header or blank
   * line.
   */
  static List<String> idsAfter(List<String> lines, String header) {
    List<String> ids = new ArrayList<>();
    boolean inSection = false;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.endsWith(":")) {
        inSection = line.equals(header);
      } else if (line.isEmpty()) {
        inSection = false;
      } else if (inSection) {
        ids.add(line);
      }
    }
    return ids;
  }

  private static JsonNode json(List<String> lines, String what) throws PodmanException {
    String text = String.join("\n", lines);
    try {
      return text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
    } catch (JacksonException e) {
      throw new PodmanException(
          what
              + " printed something that is not JSON: "
              + text.lines().findFirst().orElse("")
              + "; check podman's version (podman version); devd knows podman 4.3",
          e);
    }
  }

  /**
   * podman writes {@code 2026-11-23T02:37:05.373813841Z}; a container that never started has year
   * 1.
   */
  static Instant instant(String text) {
    if (text.isEmpty()) return Instant.EPOCH;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private record Output(ProcessResult result, List<String> stdout, List<String> stderr) {}
}
