package dev.devd.config;

import dev.devd.config.BuilderPreset.Param;
import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads one builder preset file ({@code builders/NAME.yaml}) into a {@link BuilderPreset},
 * reporting what is wrong with it against that file. The format:
 *
 * <pre>
 * description: one line for people choosing a preset
 * params:                       # name → {default, required, type, description}
 *   context: {default: ., description: the build context folder}
 *   args: {default: [], description: more arguments}     # a list default makes a list parameter
 *   target: {required: true, type: string}
 * command: docker build -t $EXPECTED_REF {{args}} {{context}}
 * commandBat: docker build -t %EXPECTED_REF% {{args}} {{context}}
 * deps: ["{{context}}"]          # default deps, relative to the image's dir
 * skipsLocalDocker: false        # optional flags: skipsLocalDocker, disablePush, outputsImageRefTo
 * </pre>
 */
final class PresetFileReader {
  static final List<String> KEYS =
      List.of(
          "description",
          "params",
          "command",
          "commandBat",
          "deps",
          "skipsLocalDocker",
          "disablePush",
          "outputsImageRefTo");
  static final List<String> PARAM_KEYS = List.of("default", "required", "type", "description");
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final Problems problems;
  private final ValueReader values;

  /**
   * @param problems problems of the preset file (their file name is the preset file's)
   */
  PresetFileReader(Problems problems) {
    this.problems = problems;
    // Presets name no paths of their own: templates are filled in and resolved by the image that
    // uses them.
    this.values = new ValueReader(problems, Path.of(""));
  }

  Optional<BuilderPreset> read(String name, String text) {
    int before = problems.count();
    Optional<YamlNode> document = new YamlTreeReader(problems).read(text);
    if (document.isEmpty()) {
      if (problems.count() == before) {
        problems.add(
            SourceLocation.UNKNOWN,
            "the preset file is empty",
            "write at least command: (see docker.yaml)");
      }
      return Optional.empty();
    }
    Optional<MappingReader> top =
        values.mapping(document.get(), KEYS, "command: docker build -t $EXPECTED_REF .");
    if (top.isEmpty()) return Optional.empty();
    MappingReader preset = top.get();
    String description =
        preset
            .text("description", "one line of text", "description: builds with docker")
            .orElse("");
    Map<String, Param> params =
        preset.has("params") ? params(preset.get("params").get()) : Map.of();
    Optional<YamlNode> commandNode =
        preset.require(
            "command",
            "add the command template, e.g. command: docker "
                + "build -t $EXPECTED_REF {{context}}");
    Optional<String> command =
        commandNode.isEmpty()
            ? Optional.empty()
            : template(commandNode.get(), params, "command: docker build -t $EXPECTED_REF .");
    Optional<String> commandBat =
        preset.has("commandBat")
            ? template(
                preset.get("commandBat").get(),
                params,
                "commandBat: docker build -t %EXPECTED_REF% .")
            : Optional.empty();
    List<String> deps = preset.has("deps") ? deps(preset.get("deps").get(), params) : List.of();
    Optional<Boolean> skipsLocalDocker = preset.bool("skipsLocalDocker", "skipsLocalDocker: true");
    Optional<Boolean> disablePush = preset.bool("disablePush", "disablePush: true");
    Optional<String> refFile =
        preset.has("outputsImageRefTo")
            ? pathTemplate(preset.get("outputsImageRefTo").get(), params)
            : Optional.empty();
    if (problems.count() > before || command.isEmpty()) return Optional.empty();
    return Optional.of(
        new BuilderPreset(
            name,
            problems.fileName(),
            description,
            new TreeMap<>(params),
            command.get(),
            commandBat,
            deps,
            skipsLocalDocker,
            disablePush,
            refFile));
  }

  private Map<String, Param> params(YamlNode node) {
    Map<String, Param> params = new TreeMap<>();
    if (!(node instanceof YamlNode.Mapping mapping)) {
      values.wrongType(node, "a mapping of parameter names", "params: {context: {default: .}}");
      return params;
    }
    for (Entry entry : mapping.entries()) {
      String name = entry.key();
      if (!PARAM_NAME.matcher(name).matches()) {
        problems.add(
            entry.keyLocation(),
            "invalid parameter name \"" + name + "\"",
            "start with a letter and use letters, digits and _");
        continue;
      }
      Optional<MappingReader> spec =
          values.mapping(entry.value(), PARAM_KEYS, name + ": {default: value}");
      if (spec.isEmpty()) continue;
      Optional<Param> param = param(name, spec.get(), entry);
      if (param.isPresent()) params.put(name, param.get());
    }
    return params;
  }

  private Optional<Param> param(String name, MappingReader spec, Entry entry) {
    boolean required = spec.bool("required", "required: true").orElse(false);
    String description =
        spec.text("description", "one line of text", "description: the build context folder")
            .orElse("");
    Optional<YamlNode> defaultNode = spec.get("default");
    Optional<String> type = spec.choice("type", List.of("string", "list"), "a type");
    boolean list =
        type.isPresent() ? type.get().equals("list") : defaultNode.orElse(null) instanceof Sequence;
    List<String> defaultValue = List.of();
    if (defaultNode.isPresent()) {
      if (required) {
        problems.add(
            entry.keyLocation(),
            "parameter \"" + name + "\" is required and has a default",
            "remove one of them");
        return Optional.empty();
      }
      if (list) {
        Optional<List<String>> value =
            values.strings(defaultNode.get(), "value", false, "default: [a, b]");
        if (value.isEmpty()) return Optional.empty();
        defaultValue = value.get();
      } else {
        Optional<String> value = values.text(defaultNode.get(), "one value", "default: value");
        if (value.isEmpty()) return Optional.empty();
        defaultValue = List.of(value.get());
      }
    } else if (!required && !list) {
      problems.add(
          entry.keyLocation(),
          "parameter \"" + name + "\" has no default and is not required",
          "add default: VALUE or required: true");
      return Optional.empty();
    }
    return Optional.of(new Param(name, list, required, defaultValue, description));
  }

  private Optional<String> template(YamlNode node, Map<String, Param> params, String example) {
    Optional<String> text = values.text(node, "a command template (a string)", example);
    if (text.isPresent()) checkPlaceholders(node, text.get(), params);
    return text;
  }

  private List<String> deps(YamlNode node, Map<String, Param> params) {
    List<String> deps = new ArrayList<>();
    for (Scalar item :
        values.scalars(node, "path", false, "deps: [\"{{context}}\"]").orElse(List.of())) {
      checkPlaceholders(item, item.text(), params);
      boolean whole = PresetExpander.PLACEHOLDER.matcher(item.text()).matches();
      for (String name : PresetExpander.placeholders(item.text())) {
        Param param = params.get(name);
        if (param != null && param.list() && !whole) {
          problems.add(
              item,
              "list parameter \"" + name + "\" is part of a longer path",
              "write it alone, e.g. - \"{{" + name + "}}\"");
        }
      }
      deps.add(item.text());
    }
    return deps;
  }

  private Optional<String> pathTemplate(YamlNode node, Map<String, Param> params) {
    Optional<String> text = values.text(node, "a path", "outputsImageRefTo: ref.txt");
    if (text.isEmpty()) return text;
    checkPlaceholders(node, text.get(), params);
    for (String name : PresetExpander.placeholders(text.get())) {
      if (params.containsKey(name) && params.get(name).list()) {
        problems.add(
            node,
            "list parameter \"" + name + "\" cannot name one file",
            "use a single-value parameter");
      }
    }
    return text;
  }

  private void checkPlaceholders(YamlNode node, String template, Map<String, Param> params) {
    for (String name : PresetExpander.placeholders(template)) {
      if (params.containsKey(name)) continue;
      Optional<String> close = KeySuggester.closest(name, params.keySet());
      String hint = close.isPresent() ? "did you mean \"" + close.get() + "\"? " : "";
      problems.add(
          node,
          "{{" + name + "}} is not a parameter of this preset",
          hint + "declare it under params:");
    }
  }
}
