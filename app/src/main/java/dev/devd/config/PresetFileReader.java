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
 * Reads one builder preset file ({@code builders/NAME.yaml}) into a {@link BuilderPreset}, reporting what is wrong
 * with it against that file. The format:
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
  static final List<String> KEYS = List.of("description", "params", "command", "commandBat", "deps",
      "skipsLocalDocker", "disablePush", "outputsImageRefTo");
  static final List<String> PARAM_KEYS = List.of("default", "required", "type", "description");
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final Problems problems;
  private final ValueReader values;

  /** @param problems problems of the preset file (their file name is the preset file's) */
  PresetFileReader(Problems problems) {
    this.problems = problems;
    // Presets name no paths of their own: templates are filled in and resolved by the image that uses them.
    this.values = new ValueReader(problems, Path.of(""));
  }

  Optional<BuilderPreset> read(String name, String text) {
    int before = problems.count();
    Optional<YamlNode> document = new YamlTreeReader(problems).read(text);
    if (document.isEmpty()) {
      if (problems.count() == before) {
        problems.add(SourceLocation.UNKNOWN, "the preset file is empty", "write at least command: (see docker.yaml)");
      }
      return Optional.empty();
    }
    Optional<MappingReader> top = values.mapping(document.get(), KEYS, "command: docker build -t $EXPECTED_REF .");
    if (top.isEmpty()) return Optional.empty();
    MappingReader preset = top.get();
    String description = preset.get("description")
        .flatMap(n -> values.text(n, "one line of text", "description: builds with docker")).orElse("");
    Map<String, Param> params = preset.get("params").map(this::params).orElse(Map.of());
    Optional<String> command = preset.require("command", "add the command template, e.g. command: docker build -t "
        + "$EXPECTED_REF {{context}}").flatMap(n -> template(n, params, "command: docker build -t $EXPECTED_REF ."));
    Optional<String> commandBat = preset.get("commandBat")
        .flatMap(n -> template(n, params, "commandBat: docker build -t %EXPECTED_REF% ."));
    List<String> deps = preset.get("deps").map(n -> deps(n, params)).orElse(List.of());
    Optional<Boolean> skipsLocalDocker =
        preset.get("skipsLocalDocker").flatMap(n -> values.bool(n, "skipsLocalDocker: true"));
    Optional<Boolean> disablePush = preset.get("disablePush").flatMap(n -> values.bool(n, "disablePush: true"));
    Optional<String> refFile = preset.get("outputsImageRefTo").flatMap(n -> pathTemplate(n, params));
    if (problems.count() > before || command.isEmpty()) return Optional.empty();
    return Optional.of(new BuilderPreset(name, problems.fileName(), description, new TreeMap<>(params), command.get(),
        commandBat, deps, skipsLocalDocker, disablePush, refFile));
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
        problems.add(entry.keyLocation(), "invalid parameter name \"" + name + "\"",
            "start with a letter and use letters, digits and _");
        continue;
      }
      Optional<MappingReader> spec = values.mapping(entry.value(), PARAM_KEYS, name + ": {default: value}");
      if (spec.isEmpty()) continue;
      param(name, spec.get(), entry).ifPresent(p -> params.put(name, p));
    }
    return params;
  }

  private Optional<Param> param(String name, MappingReader spec, Entry entry) {
    boolean required = spec.get("required").flatMap(n -> values.bool(n, "required: true")).orElse(false);
    String description = spec.get("description")
        .flatMap(n -> values.text(n, "one line of text", "description: the build context folder")).orElse("");
    Optional<YamlNode> defaultNode = spec.entry("default").map(Entry::value);
    Optional<String> type = spec.get("type").flatMap(n -> values.choice(n, List.of("string", "list"), "a type"));
    boolean list = type.map("list"::equals).orElse(defaultNode.orElse(null) instanceof Sequence);
    List<String> defaultValue = List.of();
    if (defaultNode.isPresent()) {
      if (required) {
        problems.add(entry.keyLocation(), "parameter \"" + name + "\" is required and has a default",
            "remove one of them");
        return Optional.empty();
      }
      Optional<List<String>> value = list
          ? values.strings(defaultNode.get(), "value", false, "default: [a, b]")
          : values.text(defaultNode.get(), "one value", "default: value").map(List::of);
      if (value.isEmpty()) return Optional.empty();
      defaultValue = value.get();
    } else if (!required && !list) {
      problems.add(entry.keyLocation(), "parameter \"" + name + "\" has no default and is not required",
          "add default: VALUE or required: true");
      return Optional.empty();
    }
    return Optional.of(new Param(name, list, required, defaultValue, description));
  }

  private Optional<String> template(YamlNode node, Map<String, Param> params, String example) {
    Optional<String> text = values.text(node, "a command template (a string)", example);
    text.ifPresent(t -> checkPlaceholders(node, t, params));
    return text;
  }

  private List<String> deps(YamlNode node, Map<String, Param> params) {
    List<String> deps = new ArrayList<>();
    for (Scalar item : values.scalars(node, "path", false, "deps: [\"{{context}}\"]").orElse(List.of())) {
      checkPlaceholders(item, item.text(), params);
      boolean whole = PresetExpander.PLACEHOLDER.matcher(item.text()).matches();
      for (String name : PresetExpander.placeholders(item.text())) {
        Param param = params.get(name);
        if (param != null && param.list() && !whole) {
          problems.add(item, "list parameter \"" + name + "\" is part of a longer path",
              "write it alone, e.g. - \"{{" + name + "}}\"");
        }
      }
      deps.add(item.text());
    }
    return deps;
  }

  private Optional<String> pathTemplate(YamlNode node, Map<String, Param> params) {
    Optional<String> text = values.text(node, "a path", "outputsImageRefTo: ref.txt");
    text.ifPresent(t -> {
      checkPlaceholders(node, t, params);
      for (String name : PresetExpander.placeholders(t)) {
        if (params.containsKey(name) && params.get(name).list()) {
          problems.add(node, "list parameter \"" + name + "\" cannot name one file", "use a single-value parameter");
        }
      }
    });
    return text;
  }

  private void checkPlaceholders(YamlNode node, String template, Map<String, Param> params) {
    for (String name : PresetExpander.placeholders(template)) {
      if (params.containsKey(name)) continue;
      String hint = KeySuggester.closest(name, params.keySet()).map(c -> "did you mean \"" + c + "\"? ").orElse("");
      problems.add(node, "{{" + name + "}} is not a parameter of this preset", hint + "declare it under params:");
    }
  }
}
