package dev.devd.config;

import dev.devd.config.BuilderPreset.Param;
import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code builder: NAME} with {@code with: {...}} into the image's command, Windows command,
 * default deps and flags. Values are shell-quoted where they go into a command (POSIX for {@code
 * command}, cmd.exe for {@code commandBat}) and put in as they are where they name paths.
 */
final class PresetExpander {
  /** {@code {{name}}}, spaces inside the braces allowed. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

  /** What a preset gives the image; the image's own keys win over each of these. */
  record Expansion(
      String command,
      Optional<String> commandBat,
      List<String> deps,
      Optional<Boolean> skipsLocalDocker,
      Optional<Boolean> disablePush,
      Optional<String> outputsImageRefTo) {
    Expansion {
      deps = List.copyOf(deps);
    }
  }

  private final ValueReader values;

  PresetExpander(ValueReader values) {
    this.values = values;
  }

  /**
   * Reads the image's {@code with:} against the preset's parameters and expands the preset; reports
   * unknown and missing parameters and returns empty when there were any.
   *
   * @param builder the {@code builder:} value, where problems without a {@code with:} are reported
   */
  Optional<Expansion> expand(BuilderPreset preset, YamlNode builder, Optional<Entry> with) {
    Problems problems = values.problems();
    int before = problems.count();
    Map<String, List<String>> given = new TreeMap<>();
    Set<String> written = new HashSet<>(); // set under with:, even if to a value that was rejected
    YamlNode.Mapping withMapping = null;
    if (with.isPresent() && !(with.get().value() instanceof Scalar s && s.isNull())) {
      YamlNode node = with.get().value();
      if (!(node instanceof YamlNode.Mapping mapping)) {
        values.wrongType(node, "a mapping of parameters", "with: {" + example(preset) + "}");
        return Optional.empty();
      }
      withMapping = mapping;
      for (Entry entry : mapping.entries()) {
        Param param = preset.params().get(entry.key());
        if (param == null) {
          Optional<String> close = KeySuggester.closest(entry.key(), preset.params().keySet());
          String fix =
              close.isPresent()
                  ? "did you mean \"" + close.get() + "\"?"
                  : preset.params().isEmpty()
                      ? "it takes no parameters; remove with:"
                      : "it takes: " + String.join(", ", preset.params().keySet());
          problems.add(
              entry.keyLocation(),
              "unknown parameter \"" + entry.key() + "\" of preset \"" + preset.name() + "\"",
              fix);
          continue;
        }
        written.add(param.name());
        String example =
            "with: {" + param.name() + ": " + (param.list() ? "[a, b]" : "value") + "}";
        if (param.list()) {
          Optional<List<String>> value = values.strings(entry.value(), "value", true, example);
          if (value.isPresent()) given.put(param.name(), value.get());
        } else {
          Optional<String> value = values.text(entry.value(), "one value", example);
          if (value.isPresent()) given.put(param.name(), List.of(value.get()));
        }
      }
    }
    List<Param> missing = new ArrayList<>();
    List<String> quotedNames = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    for (Param param : preset.params().values()) {
      if (!param.required() || written.contains(param.name())) continue;
      missing.add(param);
      quotedNames.add("\"" + param.name() + "\"");
      pairs.add(param.name() + ": ...");
    }
    if (!missing.isEmpty()) {
      String what =
          missing.size() == 1
              ? "missing parameter \""
                  + missing.getFirst().name()
                  + "\" of preset \""
                  + preset.name()
                  + "\""
                  + (missing.getFirst().description().isEmpty()
                      ? ""
                      : " (" + missing.getFirst().description() + ")")
              : "missing parameters "
                  + ValueReader.andList(quotedNames)
                  + " of preset \""
                  + preset.name()
                  + "\"";
      if (withMapping != null) {
        problems.add(withMapping, what, "add " + String.join(", ", pairs) + " under with:");
      } else {
        problems.add(builder, what, "add with: {" + String.join(", ", pairs) + "}");
      }
    }
    if (problems.count() > before) return Optional.empty();
    return Optional.of(expand(preset, given));
  }

  /** The expansion for these parameter values; parameters left out take their defaults. */
  static Expansion expand(BuilderPreset preset, Map<String, List<String>> given) {
    Map<String, List<String>> args = new TreeMap<>();
    for (Param param : preset.params().values()) {
      List<String> value = given.get(param.name());
      args.put(param.name(), value != null ? value : param.defaultValue());
    }
    String command = fill(preset.command(), args, Quoting.POSIX);
    Optional<String> commandBat =
        preset.commandBat().isPresent()
            ? Optional.of(fill(preset.commandBat().get(), args, Quoting.CMD_EXE))
            : Optional.empty();
    Set<String> deps = new LinkedHashSet<>();
    for (String template : preset.deps()) {
      Matcher whole = PLACEHOLDER.matcher(template);
      if (whole.matches()) {
        deps.addAll(args.get(whole.group(1))); // a list parameter stands for several deps
      } else {
        deps.add(fill(template, args, Quoting.NONE));
      }
    }
    List<String> depList = new ArrayList<>();
    for (String dep : deps) {
      if (!dep.isBlank()) depList.add(dep);
    }
    Optional<String> refFile =
        preset.outputsImageRefTo().isPresent()
            ? Optional.of(fill(preset.outputsImageRefTo().get(), args, Quoting.NONE))
            : Optional.empty();
    return new Expansion(
        command, commandBat, depList, preset.skipsLocalDocker(), preset.disablePush(), refFile);
  }

  /** The names of the placeholders in a template, in order. */
  static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  /** How values go into a template: quoted for a shell, or as they are where they name paths. */
  private enum Quoting {
    POSIX,
    CMD_EXE,
    NONE
  }

  // An empty list leaves no trace: "build {{args}} ." becomes "build ." rather than "build  .".
  private static String fill(String template, Map<String, List<String>> args, Quoting quoting) {
    StringBuilder out = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      List<String> values = args.get(m.group(1));
      if (values.isEmpty() && !out.isEmpty() && out.charAt(out.length() - 1) == ' ')
        out.setLength(out.length() - 1);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) out.append(' ');
        String value = values.get(i);
        out.append(
            switch (quoting) {
              case POSIX -> ShellQuoter.posix(value);
              case CMD_EXE -> ShellQuoter.cmdExe(value);
              case NONE -> value;
            });
      }
      last = m.end();
    }
    return out.append(template, last, template.length()).toString();
  }

  private static String example(BuilderPreset preset) {
    Param first = null;
    for (Param param : preset.params().values()) {
      if (first == null || (param.required() && !first.required())) first = param;
    }
    return first == null ? "" : first.name() + ": " + (first.list() ? "[a, b]" : "value");
  }
}
