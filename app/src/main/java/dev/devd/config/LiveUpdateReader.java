package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an image's {@code liveUpdate:} steps (SPEC §8, §11.1) and checks what the rest of devd
 * relies on: the steps come in the order initialSync, fallBackOn, sync, run, then one restart step
 * (restartContainer or restartProcess); their paths lie under the image's deps (a change anywhere
 * else never reaches the image); {@code restartContainer} is only for podman. A step with no
 * settings may be written as its bare name ({@code - restartProcess}).
 */
final class LiveUpdateReader {
  /** Step kinds in the order they must appear. */
  static final List<String> STEP_ORDER =
      List.of("initialSync", "fallBackOn", "sync", "run", "restartContainer", "restartProcess");

  // The steps that are on or off and may be written as a bare name.
  private static final List<String> FLAG_STEPS =
      List.of("initialSync", "restartContainer", "restartProcess");
  private static final String ORDER_FIX =
      "put the steps in this order: initialSync, fallBackOn, sync, run, then"
          + " restartContainer or restartProcess";
  private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("[A-Za-z]:[\\\\/].*");

  private final ValueReader values;
  private final Problems problems;
  private final Runtime runtime;

  LiveUpdateReader(ValueReader values, Runtime runtime) {
    this.values = values;
    this.problems = values.problems();
    this.runtime = runtime;
  }

  /**
   * @param deps the image's deps (absolute), or null when they could not be read (then paths are
   *     not checked)
   * @param depsShown the deps as written, for messages
   */
  List<LiveUpdateStep> read(YamlNode node, List<Path> deps, List<String> depsShown) {
    List<LiveUpdateStep> steps = new ArrayList<>();
    if (!(node instanceof Sequence sequence)) {
      values.wrongType(
          node, "a list of steps", "liveUpdate: [{sync: {local: src/, remote: /app/src/}}]");
      return steps;
    }
    int highest = -1;
    String highestPath = "";
    String highestKind = "";
    boolean sawSync = false;
    boolean sawInitialSync = false;
    String sawRestart = null;
    for (YamlNode item : sequence.items()) {
      Optional<Entry> step = oneKey(item);
      if (step.isEmpty()) continue;
      String kind = step.get().key();
      // The two restart steps share the last place: a container is restarted one way or the other.
      int rank = Math.min(STEP_ORDER.indexOf(kind), 4);
      if (rank < 0) {
        Optional<String> close = KeySuggester.closest(kind, STEP_ORDER);
        problems.add(
            step.get().keyLocation(),
            "unknown step \"" + kind + "\"",
            close.isPresent()
                ? "did you mean \"" + close.get() + "\"?"
                : "steps are: " + String.join(", ", STEP_ORDER));
        continue;
      }
      if (rank < highest) {
        problems.add(
            item,
            "\"" + kind + "\" comes after \"" + highestKind + "\" (" + highestPath + ")",
            ORDER_FIX);
      } else if (rank == 0 && sawInitialSync) {
        problems.add(item, "a second \"" + kind + "\" step", "keep one");
      } else if (rank == 4 && sawRestart != null) {
        problems.add(
            item,
            sawRestart.equals(kind)
                ? "a second \"" + kind + "\" step"
                : "\""
                    + kind
                    + "\" after \""
                    + sawRestart
                    + "\": a container is restarted one way or the other",
            sawRestart.equals(kind)
                ? "keep one"
                : "keep one of them: restartProcess keeps the container and the files"
                    + " synced into it, restartContainer (podman only) restarts the whole container");
      }
      if (rank > highest) {
        highest = rank;
        highestKind = kind;
        highestPath = lastSegment(item.path());
      }
      YamlNode value = step.get().value();
      switch (kind) {
        case "initialSync" -> {
          sawInitialSync = true;
          if (isOn(value, "initialSync: true"))
            steps.add(new LiveUpdateStep.InitialSync(item.location()));
        }
        case "fallBackOn" -> {
          Optional<List<Scalar>> paths =
              values.scalars(value, "path", true, "fallBackOn: [package.json]");
          if (paths.isPresent()) {
            steps.add(
                new LiveUpdateStep.FallBackOn(
                    underDeps(paths.get(), deps, depsShown), item.location()));
          }
        }
        case "sync" -> {
          sawSync = true;
          Optional<LiveUpdateStep> sync = sync(value, item, deps, depsShown);
          if (sync.isPresent()) steps.add(sync.get());
        }
        case "run" -> {
          Optional<LiveUpdateStep> run = run(value, item, deps, depsShown);
          if (run.isPresent()) steps.add(run.get());
        }
        case "restartContainer" -> {
          sawRestart = kind;
          if (!isOn(value, "restartContainer: true")) continue;
          if (runtime == Runtime.KUBERNETES) {
            problems.add(
                item,
                "restartContainer works only with runtime: podman, and runtime is kubernetes",
                "use restartProcess, which restarts the container's process on both runtimes, or set runtime: podman");
          }
          steps.add(new LiveUpdateStep.RestartContainer(item.location()));
        }
        default -> { // restartProcess
          sawRestart = kind;
          if (!isOn(value, "- restartProcess")) continue;
          if (deps != null) {
            ShelllessBase.in(deps)
                .ifPresent(
                    found ->
                        problems.add(
                            item,
                            "restartProcess needs a shell (/bin/sh) in"
                                + " the image, and "
                                + shown(found.dockerfile())
                                + ":"
                                + found.line()
                                + " builds it FROM "
                                + found.base()
                                + ", which has none",
                            "use a base image with a shell (a :debug variant, busybox,"
                                + " alpine), or leave out restartProcess and let a change rebuild the image"));
          }
          steps.add(new LiveUpdateStep.RestartProcess(item.location()));
        }
      }
    }
    if (!sequence.items().isEmpty() && !sawSync) {
      problems.add(
          node,
          "liveUpdate has no sync step, so nothing is ever copied into the container",
          "add e.g. - sync: {local: src/, remote: /app/src/}");
    }
    return steps;
  }

  /**
   * The single {@code kind: value} pair a step must be; a bare flag step's name stands for {@code
   * name: true}.
   */
  private Optional<Entry> oneKey(YamlNode item) {
    String example = "- sync: {local: src/, remote: /app/src/}";
    if (item instanceof Scalar scalar && FLAG_STEPS.contains(scalar.text())) {
      return Optional.of(
          new Entry(
              scalar.text(),
              item.location(),
              new Scalar("true", Scalar.Kind.BOOLEAN, item.location())));
    }
    if (!(item instanceof Mapping mapping)) {
      values.wrongType(item, "a step (a mapping with one key, such as sync)", example);
      return Optional.empty();
    }
    if (mapping.entries().size() != 1) {
      List<String> keys = mapping.entries().stream().map(Entry::key).toList();
      problems.add(
          item,
          "a step has one key, this one has " + (keys.isEmpty() ? "none" : String.join(", ", keys)),
          "write one step per list item, e.g. " + example);
      return Optional.empty();
    }
    return Optional.of(mapping.entries().getFirst());
  }

  /** {@code true} or {@code {}} turn a flag step on, {@code false} leaves it out. */
  private boolean isOn(YamlNode value, String example) {
    if (value instanceof Mapping mapping && mapping.entries().isEmpty()) return true;
    return values.bool(value, example).orElse(false);
  }

  private Optional<LiveUpdateStep> sync(
      YamlNode value, YamlNode item, List<Path> deps, List<String> depsShown) {
    String example = "sync: {local: src/, remote: /app/src/}";
    Optional<MappingReader> sync = values.mapping(value, List.of("local", "remote"), example);
    if (sync.isEmpty()) return Optional.empty();
    Optional<Path> local = Optional.empty();
    Optional<YamlNode> localNode =
        sync.get().require("local", "add the folder or file to copy, e.g. " + example);
    if (localNode.isPresent() && localNode.get() instanceof Scalar path) {
      local = underDeps(List.of(path), deps, depsShown).stream().findFirst();
    } else if (localNode.isPresent()) {
      values.wrongType(localNode.get(), "a path", example);
    }
    Optional<String> remote = Optional.empty();
    Optional<YamlNode> remoteNode =
        sync.get().require("remote", "add the path inside the container, e.g. " + example);
    if (remoteNode.isPresent()) {
      remote = values.text(remoteNode.get(), "a path inside the container", example);
      if (remote.isPresent() && !isAbsolute(remoteNode.get(), remote.get()))
        remote = Optional.empty();
    }
    if (local.isEmpty() || remote.isEmpty()) return Optional.empty();
    return Optional.of(new LiveUpdateStep.Sync(local.get(), remote.get(), item.location()));
  }

  private boolean isAbsolute(YamlNode node, String remote) {
    if (remote.startsWith("/") || WINDOWS_ABSOLUTE.matcher(remote).matches()) return true;
    problems.add(
        node,
        "remote path \"" + remote + "\" is not absolute",
        "write the full path inside the container, e.g. /" + remote);
    return false;
  }

  private Optional<LiveUpdateStep> run(
      YamlNode value, YamlNode item, List<Path> deps, List<String> depsShown) {
    String example = "run: {cmd: npm install, trigger: [package.json]}";
    String purpose = "runs in the container after a sync";
    if (!(value instanceof Mapping)) {
      // "run: npm install" is short for "run: {cmd: npm install}", as Tilt's run("npm install").
      Optional<Cmd> cmd = values.command(value, purpose, example);
      return cmd.isEmpty()
          ? Optional.empty()
          : Optional.of(new LiveUpdateStep.Run(cmd.get(), List.of(), item.location()));
    }
    MappingReader run = new MappingReader((Mapping) value, List.of("cmd", "trigger"), values);
    Optional<YamlNode> cmdNode =
        run.require("cmd", "add the command to run in the container, e.g. " + example);
    Optional<Cmd> cmd =
        cmdNode.isEmpty() ? Optional.empty() : values.command(cmdNode.get(), purpose, example);
    List<Scalar> triggerPaths =
        run.scalars("trigger", "path", true, "trigger: [package.json]").orElse(List.of());
    List<Path> triggers = underDeps(triggerPaths, deps, depsShown);
    return cmd.isEmpty()
        ? Optional.empty()
        : Optional.of(new LiveUpdateStep.Run(cmd.get(), triggers, item.location()));
  }

  /**
   * The paths resolved against the project folder; those outside every dep are reported and left
   * out.
   */
  private List<Path> underDeps(List<Scalar> items, List<Path> deps, List<String> depsShown) {
    List<Path> paths = new ArrayList<>();
    for (Scalar item : items) {
      Optional<Path> path = values.path(item, values.root(), false);
      if (path.isEmpty()) continue;
      if (deps != null && !isUnderAny(path.get(), deps)) {
        problems.add(
            item,
            "\""
                + item.text()
                + "\" is outside the image's deps ("
                + String.join(", ", depsShown)
                + ")",
            "use a path under them or add it to deps");
        continue;
      }
      paths.add(path.get());
    }
    return paths;
  }

  /** A path as the user would write it: relative to the project folder when it is inside it. */
  private String shown(Path path) {
    return path.startsWith(values.root())
        ? values.root().relativize(path).toString().replace('\\', '/')
        : path.toString();
  }

  private static boolean isUnderAny(Path path, List<Path> deps) {
    for (Path dep : deps) {
      if (path.startsWith(dep)) return true;
    }
    return false;
  }

  private static String lastSegment(String yamlPath) {
    int dot = yamlPath.lastIndexOf('.');
    return dot < 0 ? yamlPath : yamlPath.substring(dot + 1);
  }
}
