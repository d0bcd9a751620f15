package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code images:} into {@link ImageConfig}s: one custom build per image, written out as
 * {@code command} or expanded from a builder preset, with its deps, flags and live update steps;
 * then checks the images against each other (duplicate refs, {@code imageDeps}).
 */
final class ImageReader {
  static final List<String> KEYS =
      List.of(
          "ref",
          "command",
          "commandBat",
          "deps",
          "ignore",
          "disablePush",
          "skipsLocalDocker",
          "tag",
          "outputsImageRefTo",
          "env",
          "dir",
          "imageDeps",
          "matchInEnvVars",
          "liveUpdate",
          "builder",
          "with",
          "timeout",
          "entrypoint",
          "containerArgs",
          "autoInit",
          "keep");
  // Docker's rules: https://docs.docker.com/reference/cli/docker/image/tag/
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern REGISTRY_HOST =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
              + "(?::[0-9]{1,5})?");

  private final ValueReader values;
  private final Problems problems;
  private final BuilderPresets presets;
  private final PresetExpander expander;
  private final LiveUpdateReader liveUpdates;
  private final Map<String, Integer> indexByRef = new HashMap<>();

  ImageReader(ValueReader values, BuilderPresets presets, Runtime runtime) {
    this.values = values;
    this.problems = values.problems();
    this.presets = presets;
    this.expander = new PresetExpander(values);
    this.liveUpdates = new LiveUpdateReader(values, runtime);
  }

  /** The images; when any has a problem the list is incomplete, but every problem is reported. */
  List<ImageConfig> readAll(YamlNode node) {
    List<ImageConfig> images = new ArrayList<>();
    if (!(node instanceof Sequence sequence)) {
      values.wrongType(
          node, "a list of images", "images: [{ref: my-app, command: ..., deps: [src/]}]");
      return images;
    }
    List<ImageDepsChecker.Image> graph = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      Optional<ImageConfig> image = read(sequence.items().get(i), i, graph);
      if (image.isPresent()) images.add(image.get());
    }
    ImageDepsChecker.check(graph, problems);
    return images;
  }

  /** The valid refs seen by {@link #readAll}, each with the index of its first image. */
  Map<String, Integer> refs() {
    return Map.copyOf(indexByRef);
  }

  private Optional<ImageConfig> read(YamlNode node, int index, List<ImageDepsChecker.Image> graph) {
    int before = problems.count();
    Optional<MappingReader> mapping =
        values.mapping(node, KEYS, "- {ref: my-app, command: ..., deps: [src/]}");
    if (mapping.isEmpty()) return Optional.empty();
    MappingReader image = mapping.get();

    Optional<String> ref = ref(image, index);
    String who = ref.isPresent() ? "\"" + ref.get() + "\"" : "this image";
    List<Scalar> imageDeps =
        image.scalars("imageDeps", "image ref", false, "imageDeps: [base]").orElse(List.of());
    if (ref.isPresent()) graph.add(new ImageDepsChecker.Image(ref.get(), imageDeps));

    Path dir = image.folder("dir", "dir: .").orElse(values.root());
    // The preset's values are defaults: every key the image sets itself wins.
    PresetExpander.Expansion preset = preset(image).orElse(null);
    Optional<Cmd> command = command(image, preset);
    Optional<Cmd> commandBat =
        image.command(
            "commandBat",
            "builds %EXPECTED_REF% on Windows",
            "commandBat: docker build -t %EXPECTED_REF% .");
    if (!image.has("commandBat") && preset != null && preset.commandBat().isPresent()) {
      commandBat = Optional.of(Cmd.shell(preset.commandBat().get()));
    }
    List<String> depsShown = new ArrayList<>();
    Optional<List<Path>> deps = deps(image, who, dir, preset, depsShown);
    List<String> ignore = image.ignorePatterns("ignore", "ignore: [\"*.log\"]").orElse(List.of());
    Optional<Boolean> disablePush = image.bool("disablePush", "disablePush: true");
    if (!image.has("disablePush") && preset != null) disablePush = preset.disablePush();
    Optional<Boolean> skipsLocalDocker = image.bool("skipsLocalDocker", "skipsLocalDocker: true");
    if (!image.has("skipsLocalDocker") && preset != null)
      skipsLocalDocker = preset.skipsLocalDocker();
    boolean matchInEnvVars = image.bool("matchInEnvVars", "matchInEnvVars: true").orElse(false);
    Optional<String> tag = tag(image);
    Optional<Path> refFile = refFile(image, preset, dir);
    Map<String, String> env = image.env("env", "env: {FLASK_ENV: development}").orElse(Map.of());
    List<LiveUpdateStep> liveUpdate = List.of();
    if (image.has("liveUpdate")) {
      // With deps missing or broken, "outside the deps" would be a guess: those checks wait for a
      // good deps list.
      liveUpdate = liveUpdates.read(image.get("liveUpdate").get(), deps.orElse(null), depsShown);
    }
    Optional<Duration> timeout = image.duration("timeout", true, "timeout: 10m");
    Optional<Cmd> entrypoint =
        image.command(
            "entrypoint",
            "starts the containers of this image",
            "entrypoint: [/app/server, --dev]");
    Optional<List<String>> containerArgs =
        image.strings("containerArgs", "argument", false, "containerArgs: [--port, \"8080\"]");
    boolean autoInit = image.bool("autoInit", "autoInit: false").orElse(true);
    Optional<Integer> keep = image.integer("keep", 1, "keep: 5");

    if (problems.count() > before || ref.isEmpty() || command.isEmpty() || deps.isEmpty())
      return Optional.empty();
    List<String> imageDepRefs = new ArrayList<>();
    for (Scalar dep : imageDeps) imageDepRefs.add(dep.text());
    return Optional.of(
        new ImageConfig(
            ref.get(),
            command.get(),
            commandBat,
            deps.get(),
            ignore,
            disablePush.orElse(false),
            skipsLocalDocker.orElse(false),
            tag,
            refFile,
            env,
            dir,
            imageDepRefs,
            matchInEnvVars,
            liveUpdate,
            timeout,
            entrypoint,
            containerArgs,
            autoInit,
            keep,
            index,
            image.mapping().location()));
  }

  private Optional<String> ref(MappingReader image, int index) {
    Optional<YamlNode> node =
        image.require("ref", "add the image name used in the Kubernetes YAML, e.g. ref: my-app");
    if (node.isEmpty()) return Optional.empty();
    Optional<String> ref = values.text(node.get(), "an image name", "ref: my-app");
    return ref.isPresent() && checkRef(node.get(), ref.get(), index) ? ref : Optional.empty();
  }

  /** The image's own command, or the preset's; exactly one of command and builder must be set. */
  private Optional<Cmd> command(MappingReader image, PresetExpander.Expansion preset) {
    Optional<Entry> commandEntry = image.entry("command");
    boolean hasBuilder = image.has("builder");
    if (commandEntry.isPresent() && hasBuilder) {
      problems.add(
          commandEntry.get().keyLocation(),
          "both command and builder are set",
          "keep one: the builder preset writes the command for you");
      return Optional.empty();
    }
    if (commandEntry.isPresent()) {
      return values.command(
          commandEntry.get().value(),
          "builds $EXPECTED_REF",
          "command: docker build -t $EXPECTED_REF .");
    }
    if (!hasBuilder) {
      problems.add(
          image.mapping(),
          "missing \"command\"",
          "add the command that builds $EXPECTED_REF, e.g. command: docker build -t $EXPECTED_REF ., "
              + "or a builder preset, e.g. builder: docker");
      return Optional.empty();
    }
    return preset == null ? Optional.empty() : Optional.of(Cmd.shell(preset.command()));
  }

  private Optional<String> tag(MappingReader image) {
    Optional<String> tag = image.text("tag", "a tag", "tag: dev");
    if (tag.isEmpty() || TAG.matcher(tag.get()).matches()) return tag;
    problems.add(
        image.get("tag").get(),
        "invalid tag \"" + tag.get() + "\"",
        "write up to 128 letters, digits, _, . "
            + "and -, not starting with . or -, e.g. tag: dev");
    return Optional.empty();
  }

  /**
   * {@code outputsImageRefTo}: the image's own (relative to devd.yaml) or the preset's (relative to
   * dir).
   */
  private Optional<Path> refFile(MappingReader image, PresetExpander.Expansion preset, Path dir) {
    Optional<Path> refFile = Optional.empty();
    Optional<String> own = image.text("outputsImageRefTo", "a path", "outputsImageRefTo: ref.txt");
    if (own.isPresent())
      refFile = values.path((Scalar) image.get("outputsImageRefTo").get(), values.root(), false);
    boolean fromPreset =
        !image.has("outputsImageRefTo") && preset != null && preset.outputsImageRefTo().isPresent();
    if (fromPreset)
      refFile = Optional.of(dir.resolve(preset.outputsImageRefTo().get()).normalize());
    if (image.has("tag") && (own.isPresent() || fromPreset)) {
      Entry at = image.entry(fromPreset ? "tag" : "outputsImageRefTo").orElseThrow();
      problems.add(
          at.keyLocation(),
          "tag and outputsImageRefTo are both set"
              + (fromPreset ? " (outputsImageRefTo comes from the builder preset)" : ""),
          "keep one: tag is the tag the command builds, outputsImageRefTo the file it writes the built ref to");
    }
    return refFile;
  }

  /**
   * Looks up {@code builder:} and expands it with {@code with:}; reports {@code with:} without a
   * builder.
   */
  private Optional<PresetExpander.Expansion> preset(MappingReader image) {
    Optional<YamlNode> builder = image.get("builder");
    Optional<Entry> with = image.entry("with");
    if (builder.isEmpty()) {
      if (with.isPresent()) {
        problems.add(
            with.get().keyLocation(),
            "\"with\" sets parameters of a builder preset, but there is no builder",
            "add builder: NAME (e.g. builder: docker) or remove with:");
      }
      return Optional.empty();
    }
    Optional<String> name = values.text(builder.get(), "a preset name", "builder: docker");
    if (name.isEmpty()) return Optional.empty();
    return switch (presets.find(name.get())) {
      case BuilderPresets.Found found -> expander.expand(found.preset(), builder.get(), with);
      case BuilderPresets.Broken broken -> Optional.empty();
      case BuilderPresets.Unknown unknown -> {
        Optional<String> close = KeySuggester.closest(name.get(), unknown.known());
        String hint = close.isPresent() ? "did you mean \"" + close.get() + "\"? " : "";
        problems.add(
            builder.get(),
            "unknown preset \"" + name.get() + "\"",
            hint + "known: " + String.join(", ", unknown.known()));
        yield Optional.empty();
      }
    };
  }

  /**
   * The image's deps: its own (which may not exist yet), else the preset's (relative to dir,
   * existing); at least one. Empty when any of that is not so (reported).
   */
  private Optional<List<Path>> deps(
      MappingReader image,
      String who,
      Path dir,
      PresetExpander.Expansion preset,
      List<String> depsShown) {
    int before = problems.count();
    String example = "deps: [src/]";
    List<Path> deps = new ArrayList<>();
    Optional<YamlNode> own = image.get("deps");
    List<String> fromPreset = preset == null ? List.of() : preset.deps();
    if (own.isPresent()) {
      YamlNode node = own.get();
      List<Scalar> items = values.scalars(node, "path", true, example).orElse(List.of());
      if (node instanceof Sequence sequence && sequence.items().isEmpty()) {
        problems.add(node, "add at least one path", "it decides when " + who + " rebuilds");
      }
      for (Scalar item : items) {
        depsShown.add(item.text());
        values.dep(item).ifPresent(deps::add);
      }
    } else if (!fromPreset.isEmpty()) {
      YamlNode builder = image.get("builder").orElseThrow();
      for (String text : fromPreset) {
        depsShown.add(text);
        Path path = dir.resolve(text).normalize();
        if (Files.exists(path)) {
          deps.add(path);
        } else {
          problems.add(
              builder,
              "the preset watches \"" + text + "\", which does not exist in " + dir,
              "create it, pass another path under with:, or set deps:");
        }
      }
    } else if (preset != null || !image.has("builder")) {
      // (With a builder that could not be expanded, that problem is reported and a missing deps
      // would be noise.)
      problems.add(
          image.mapping(),
          "missing \"deps\"",
          "add the paths whose changes rebuild " + who + ", e.g. " + example);
    }
    return problems.count() == before && !deps.isEmpty() ? Optional.of(deps) : Optional.empty();
  }

  private boolean checkRef(YamlNode node, String ref, int index) {
    Optional<String> reason = refProblem(ref);
    if (reason.isPresent()) {
      String lower = ref.toLowerCase(Locale.ROOT);
      String example =
          !lower.equals(ref) && refProblem(lower).isEmpty() ? "ref: " + lower : "ref: my-app";
      problems.add(
          node,
          "invalid image reference \"" + ref + "\": " + reason.get(),
          "write e.g. " + example);
      return false;
    }
    Integer earlier = indexByRef.putIfAbsent(ref, index);
    if (earlier != null) {
      problems.add(
          node,
          "\"" + ref + "\" is also the ref of images[" + earlier + "]",
          "give each image its own ref, or remove one of them");
      return false;
    }
    return true;
  }

  /**
   * Why {@code ref} is not a plausible image reference, if it is not: a simple local check; the
   * image package parses refs in full later.
   */
  static Optional<String> refProblem(String ref) {
    if (ref.isEmpty()) return Optional.of("it is empty");
    if (ref.chars().anyMatch(Character::isWhitespace)) return Optional.of("it contains a space");
    if (ref.contains("@"))
      return Optional.of("it has a digest; write the name alone, devd picks the tag");
    String name = ref;
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      String tag = ref.substring(colon + 1);
      if (!TAG.matcher(tag).matches()) return Optional.of("invalid tag \"" + tag + "\"");
      name = ref.substring(0, colon);
    }
    String[] parts = name.split("/", -1);
    int first = 0;
    if (parts.length > 1
        && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
      if (!REGISTRY_HOST.matcher(parts[0]).matches()) {
        return Optional.of("invalid registry host \"" + parts[0] + "\"");
      }
      first = 1;
    }
    for (int i = first; i < parts.length; i++) {
      if (PATH_COMPONENT.matcher(parts[i]).matches()) continue;
      if (PATH_COMPONENT.matcher(parts[i].toLowerCase(Locale.ROOT)).matches()) {
        return Optional.of("the repository must be lowercase");
      }
      return Optional.of(
          parts[i].isEmpty()
              ? "it has an empty name part"
              : "\""
                  + parts[i]
                  + "\" may only hold lower-case letters, digits and single separators (. _ -)");
    }
    return Optional.empty();
  }
}
