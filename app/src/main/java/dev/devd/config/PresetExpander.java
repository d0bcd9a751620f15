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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code builder: NAME} with {@code with: {...}} into the image's command, Windows command, default deps and
 * flags. Values are shell-quoted where they go into a command (POSIX for {@code command}, cmd.exe for
 * {@code commandBat}) and put in as they are where they name paths.
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
   * Reads the image's {@code with:} against the preset's parameters and expands the preset; reports unknown and
   * missing parameters and returns empty when there were any.
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
          problems.add(entry.keyLocation(), "unknown parameter \"" + entry.key() + "\" of preset \"" + preset.name()
              + "\"", KeySuggester.closest(entry.key(), preset.params().keySet())
              .map(c -> "did you mean \"" + c + "\"?")
              .orElse(preset.params().isEmpty() ? "it takes no parameters; remove with:"
                  : "it takes: " + String.join(", ", preset.params().keySet())));
          continue;
        }
        written.add(param.name());
        String example = "with: {" + param.name() + ": " + (param.list() ? "[a, b]" : "value") + "}";
        Optional<List<String>> value = param.list()
            ? values.strings(entry.value(), "value", true, example)
            : values.text(entry.value(), "one value", example).map(List::of);
        value.ifPresent(v -> given.put(param.name(), v));
      }
    }
    List<Param> missing = preset.params().values().stream()
        .filter(p -> p.required() && !written.contains(p.name())).toList();
    if (!missing.isEmpty()) {
      String what = missing.size() == 1
          ? "missing parameter \"" + missing.getFirst().name() + "\" of preset \"" + preset.name() + "\""
              + (missing.getFirst().description().isEmpty() ? "" : " (" + missing.getFirst().description() + ")")
          : "missing parameters " + ValueReader.andList(missing.stream().map(p -> "\"" + p.name() + "\"").toList())
              + " of preset \"" + preset.name() + "\"";
      String pairs = String.join(", ", missing.stream().map(p -> p.name() + ": ...").toList());
      if (withMapping != null) {
        problems.add(withMapping, what, "add " + pairs + " under with:");
      } else {
        problems.add(builder, what, "add with: {" + pairs + "}");
      }
    }
    if (problems.count() > before) return Optional.empty();
    return Optional.of(expand(preset, given));
  }

  /** The expansion for these parameter values; parameters left out take their defaults. */
  static Expansion expand(BuilderPreset preset, Map<String, List<String>> given) {
    Map<String, List<String>> args = new TreeMap<>();
    for (Param param : preset.params().values()) args.put(param.name(), given.getOrDefault(param.name(),
        param.defaultValue()));
    String command = fill(preset.command(), name -> quoted(args.get(name), ShellQuoter::posix));
    Optional<String> commandBat =
        preset.commandBat().map(t -> fill(t, name -> quoted(args.get(name), ShellQuoter::cmdExe)));
    Set<String> deps = new LinkedHashSet<>();
    for (String template : preset.deps()) {
      Matcher whole = PLACEHOLDER.matcher(template);
      if (whole.matches()) {
        deps.addAll(args.get(whole.group(1))); // a list parameter stands for several deps
      } else {
        deps.add(fill(template, name -> String.join(" ", args.get(name))));
      }
    }
    deps.removeIf(String::isBlank);
    Optional<String> refFile =
        preset.outputsImageRefTo().map(t -> fill(t, name -> String.join(" ", args.get(name))));
    return new Expansion(command, commandBat, new ArrayList<>(deps), preset.skipsLocalDocker(),
        preset.disablePush(), refFile);
  }

  /** The names of the placeholders in a template, in order. */
  static List<String> placeholders(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static String quoted(List<String> values, Function<String, String> quoter) {
    return String.join(" ", values.stream().map(quoter).toList());
  }

  // An empty list leaves no trace: "build {{args}} ." becomes "build ." rather than "build  .".
  private static String fill(String template, Function<String, String> valueOf) {
    StringBuilder out = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      String value = valueOf.apply(m.group(1));
      if (value.isEmpty() && !out.isEmpty() && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
      out.append(value);
      last = m.end();
    }
    return out.append(template, last, template.length()).toString();
  }

  private static String example(BuilderPreset preset) {
    return preset.params().values().stream().filter(Param::required).findFirst()
        .or(() -> preset.params().values().stream().findFirst())
        .map(p -> p.name() + ": " + (p.list() ? "[a, b]" : "value"))
        .orElse("");
  }
}
