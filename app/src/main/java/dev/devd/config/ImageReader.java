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
 * Reads {@code images:} into {@link ImageConfig}s: one custom build per image, written out as {@code command} or
 * expanded from a builder preset, with its deps, flags and live update steps; then checks the images against each
 * other (duplicate refs, {@code imageDeps}).
 */
final class ImageReader {
  static final List<String> KEYS = List.of("ref", "command", "commandBat", "deps", "ignore", "disablePush",
      "skipsLocalDocker", "tag", "outputsImageRefTo", "env", "dir", "imageDeps", "matchInEnvVars", "liveUpdate",
      "builder", "with", "timeout");
  // Docker's rules: https://docs.docker.com/reference/cli/docker/image/tag/
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern REGISTRY_HOST =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
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
      values.wrongType(node, "a list of images", "images: [{ref: my-app, command: ..., deps: [src/]}]");
      return images;
    }
    List<ImageDepsChecker.Image> graph = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      read(sequence.items().get(i), i, graph).ifPresent(images::add);
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
    Optional<MappingReader> mapping = values.mapping(node, KEYS, "- {ref: my-app, command: ..., deps: [src/]}");
    if (mapping.isEmpty()) return Optional.empty();
    MappingReader image = mapping.get();

    Optional<String> ref = image.require("ref", "add the image name used in the Kubernetes YAML, e.g. ref: my-app")
        .flatMap(n -> values.text(n, "an image name", "ref: my-app")
            .filter(text -> checkRef(n, text, index)));
    String who = ref.map(r -> "\"" + r + "\"").orElse("this image");
    List<Scalar> imageDeps = image.get("imageDeps")
        .flatMap(n -> values.scalars(n, "image ref", false, "imageDeps: [base]")).orElse(List.of());
    ref.ifPresent(r -> graph.add(new ImageDepsChecker.Image(r, imageDeps)));

    Path dir = image.get("dir").flatMap(n -> values.folder(n, "dir: .")).orElse(values.root());
    Optional<PresetExpander.Expansion> preset = preset(image);

    Optional<Cmd> command = Optional.empty();
    Optional<Entry> commandEntry = image.entry("command");
    Optional<YamlNode> builderNode = image.get("builder");
    if (commandEntry.isPresent() && builderNode.isPresent()) {
      problems.add(commandEntry.get().keyLocation(), "both command and builder are set",
          "keep one: the builder preset writes the command for you");
    } else if (commandEntry.isPresent()) {
      command = values.command(commandEntry.get().value(), "builds $EXPECTED_REF",
          "command: docker build -t $EXPECTED_REF .");
    } else if (builderNode.isEmpty()) {
      problems.add(image.mapping(), "missing \"command\"",
          "add the command that builds $EXPECTED_REF, e.g. command: docker build -t $EXPECTED_REF ., "
              + "or a builder preset, e.g. builder: docker");
    } else {
      command = preset.map(p -> Cmd.shell(p.command()));
    }
    Optional<Cmd> commandBat = image.get("commandBat")
        .flatMap(n -> values.command(n, "builds %EXPECTED_REF% on Windows",
            "commandBat: docker build -t %EXPECTED_REF% ."))
        .or(() -> preset.flatMap(PresetExpander.Expansion::commandBat).map(Cmd::shell));

    List<String> depsShown = new ArrayList<>();
    Optional<List<Path>> deps = deps(image, who, dir, preset, depsShown);

    List<String> ignore = image.get("ignore")
        .flatMap(n -> values.strings(n, "pattern", true, "ignore: [\"*.log\"]")).orElse(List.of());
    boolean disablePush = image.get("disablePush").flatMap(n -> values.bool(n, "disablePush: true"))
        .or(() -> preset.flatMap(PresetExpander.Expansion::disablePush)).orElse(false);
    boolean skipsLocalDocker = image.get("skipsLocalDocker").flatMap(n -> values.bool(n, "skipsLocalDocker: true"))
        .or(() -> preset.flatMap(PresetExpander.Expansion::skipsLocalDocker)).orElse(false);
    boolean matchInEnvVars = image.get("matchInEnvVars").flatMap(n -> values.bool(n, "matchInEnvVars: true"))
        .orElse(false);
    Optional<String> tag = image.get("tag").flatMap(n -> values.text(n, "a tag", "tag: dev")
        .filter(text -> checkTag(n, text)));
    Optional<Path> refFile = image.get("outputsImageRefTo")
        .flatMap(n -> values.text(n, "a path", "outputsImageRefTo: ref.txt").flatMap(
            text -> values.path((Scalar) n, values.root(), false)));
    boolean refFileFromPreset = refFile.isEmpty() && preset.flatMap(PresetExpander.Expansion::outputsImageRefTo)
        .isPresent();
    if (refFileFromPreset) refFile = preset.flatMap(PresetExpander.Expansion::outputsImageRefTo).map(dir::resolve)
        .map(Path::normalize);
    if (image.has("tag") && refFile.isPresent()) {
      Entry at = refFileFromPreset ? image.entry("tag").orElseThrow() : image.entry("outputsImageRefTo").orElseThrow();
      problems.add(at.keyLocation(), "tag and outputsImageRefTo are both set"
              + (refFileFromPreset ? " (outputsImageRefTo comes from the builder preset)" : ""),
          "keep one: tag is the tag the command builds, outputsImageRefTo the file it writes the built ref to");
    }
    Map<String, String> env = image.get("env").flatMap(n -> values.env(n, "env: {FLASK_ENV: development}"))
        .orElse(Map.of());
    // With deps missing or broken, "outside the deps" would be a guess: those checks wait for a good deps list.
    List<LiveUpdateStep> liveUpdate = image.get("liveUpdate")
        .map(n -> liveUpdates.read(n, deps.orElse(null), depsShown))
        .orElse(List.of());
    Optional<Duration> timeout = image.get("timeout").flatMap(n -> values.duration(n, true, "timeout: 10m"));

    if (problems.count() > before || ref.isEmpty() || command.isEmpty() || deps.isEmpty()) return Optional.empty();
    return Optional.of(new ImageConfig(ref.get(), command.get(), commandBat, deps.get(), ignore, disablePush,
        skipsLocalDocker, tag, refFile, env, dir, imageDeps.stream().map(Scalar::text).toList(), matchInEnvVars,
        liveUpdate, timeout, index, image.mapping().location()));
  }

  /** Looks up {@code builder:} and expands it with {@code with:}; reports {@code with:} without a builder. */
  private Optional<PresetExpander.Expansion> preset(MappingReader image) {
    Optional<YamlNode> builder = image.get("builder");
    Optional<Entry> with = image.entry("with");
    if (builder.isEmpty()) {
      with.ifPresent(w -> problems.add(w.keyLocation(), "\"with\" sets parameters of a builder preset, but there is "
          + "no builder", "add builder: NAME (e.g. builder: docker) or remove with:"));
      return Optional.empty();
    }
    Optional<String> name = values.text(builder.get(), "a preset name", "builder: docker");
    if (name.isEmpty()) return Optional.empty();
    return switch (presets.find(name.get())) {
      case BuilderPresets.Found found -> expander.expand(found.preset(), builder.get(), with);
      case BuilderPresets.Broken broken -> Optional.empty();
      case BuilderPresets.Unknown unknown -> {
        String hint = KeySuggester.closest(name.get(), unknown.known()).map(c -> "did you mean \"" + c + "\"? ")
            .orElse("");
        problems.add(builder.get(), "unknown preset \"" + name.get() + "\"",
            hint + "known: " + String.join(", ", unknown.known()));
        yield Optional.empty();
      }
    };
  }

  /**
   * The image's deps: its own, else the preset's (relative to dir); at least one, each existing. Empty when any of
   * that is not so (reported).
   */
  private Optional<List<Path>> deps(MappingReader image, String who, Path dir,
      Optional<PresetExpander.Expansion> preset, List<String> depsShown) {
    int before = problems.count();
    String example = "deps: [src/]";
    List<Path> deps = new ArrayList<>();
    Optional<YamlNode> own = image.get("deps");
    List<String> fromPreset = preset.map(PresetExpander.Expansion::deps).orElse(List.of());
    if (own.isPresent()) {
      YamlNode node = own.get();
      List<Scalar> items = values.scalars(node, "path", true, example).orElse(List.of());
      if (node instanceof Sequence sequence && sequence.items().isEmpty()) {
        problems.add(node, "add at least one path", "it decides when " + who + " rebuilds");
      }
      for (Scalar item : items) {
        depsShown.add(item.text());
        values.path(item, values.root(), true).ifPresent(deps::add);
      }
    } else if (!fromPreset.isEmpty()) {
      YamlNode builder = image.get("builder").orElseThrow();
      for (String text : fromPreset) {
        depsShown.add(text);
        Path path = dir.resolve(text).normalize();
        if (Files.exists(path)) {
          deps.add(path);
        } else {
          problems.add(builder, "the preset watches \"" + text + "\", which does not exist in " + dir,
              "create it, pass another path under with:, or set deps:");
        }
      }
    } else if (preset.isPresent() || image.get("builder").isEmpty()) {
      // (With a builder that could not be expanded, that problem is reported and a missing deps would be noise.)
      problems.add(image.mapping(), "missing \"deps\"", "add the paths whose changes rebuild " + who + ", e.g. "
          + example);
    }
    return problems.count() == before && !deps.isEmpty() ? Optional.of(deps) : Optional.empty();
  }

  private boolean checkRef(YamlNode node, String ref, int index) {
    Optional<String> reason = refProblem(ref);
    if (reason.isPresent()) {
      String lower = ref.toLowerCase(Locale.ROOT);
      String example = !lower.equals(ref) && refProblem(lower).isEmpty() ? "ref: " + lower : "ref: my-app";
      problems.add(node, "invalid image reference \"" + ref + "\": " + reason.get(), "write e.g. " + example);
      return false;
    }
    Integer earlier = indexByRef.putIfAbsent(ref, index);
    if (earlier != null) {
      problems.add(node, "\"" + ref + "\" is also the ref of images[" + earlier + "]",
          "give each image its own ref, or remove one of them");
      return false;
    }
    return true;
  }

  /**
   * Why {@code ref} is not a plausible image reference, if it is not: a simple local check; the image package parses
   * refs in full later.
   */
  static Optional<String> refProblem(String ref) {
    if (ref.isEmpty()) return Optional.of("it is empty");
    if (ref.chars().anyMatch(Character::isWhitespace)) return Optional.of("it contains a space");
    if (ref.contains("@")) return Optional.of("it has a digest; write the name alone, devd picks the tag");
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
    if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
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
      return Optional.of(parts[i].isEmpty() ? "it has an empty name part"
          : "\"" + parts[i] + "\" may only hold lower-case letters, digits and single separators (. _ -)");
    }
    return Optional.empty();
  }

  private boolean checkTag(YamlNode node, String tag) {
    if (TAG.matcher(tag).matches()) return true;
    problems.add(node, "invalid tag \"" + tag + "\"", "write up to 128 letters, digits, _, . and -, not starting with "
        + ". or -, e.g. tag: dev");
    return false;
  }
}
