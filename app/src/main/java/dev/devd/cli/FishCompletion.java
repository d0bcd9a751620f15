package dev.devd.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a fish completion script for a picocli command line (picocli generates bash only): one
 * {@code complete} line per command and per option, with the first line of its description, and
 * file names where a value is a path.
 */
final class FishCompletion {
  private FishCompletion() {}

  static String script(CommandLine root) {
    String program = root.getCommandName();
    List<String> lines = new ArrayList<>();
    lines.add(
        "# fish completion for " + program + ", written by `" + program + " completion fish`");
    lines.add("complete -c " + program + " -f");
    add(lines, program, root, List.of());
    return String.join("\n", lines) + "\n";
  }

  // path: the subcommands from the root to this command, e.g. [dump, image-deploy-ref].
  private static void add(
      List<String> lines, String program, CommandLine command, List<String> path) {
    CommandSpec spec = command.getCommandSpec();
    String here =
        path.isEmpty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + path.getLast();
    for (OptionSpec option : spec.options()) {
      if (!option.hidden())
        lines.add("complete -c " + program + " -n '" + here + "'" + option(option));
    }
    for (PositionalParamSpec parameter : spec.positionalParameters()) {
      if (!parameter.hidden() && takesPath(parameter))
        lines.add("complete -c " + program + " -n '" + here + "' -F");
    }
    List<String> names = new ArrayList<>(command.getSubcommands().keySet());
    for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
      CommandSpec sub = entry.getValue().getCommandSpec();
      if (sub.usageMessage().hidden()) continue;
      // Offered until one of them is on the line.
      String condition =
          path.isEmpty()
              ? here
              : here + "; and not __fish_seen_subcommand_from " + String.join(" ", names);
      lines.add(
          "complete -c "
              + program
              + " -n '"
              + condition
              + "' -a "
              + entry.getKey()
              + description(sub.usageMessage().description()));
    }
    for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(entry.getKey());
      add(lines, program, entry.getValue(), subPath);
    }
  }

  private static String option(OptionSpec option) {
    StringBuilder flags = new StringBuilder();
    for (String name : option.names()) {
      if (name.startsWith("--")) flags.append(" -l ").append(name.substring(2));
      else if (name.length() == 2) flags.append(" -s ").append(name.substring(1));
      else flags.append(" -o ").append(name.substring(1));
    }
    if (option.arity().max() > 0) {
      flags.append(" -r");
      if (takesPath(option)) flags.append(" -F");
      else if (option.completionCandidates() != null)
        flags.append(" -a ").append(quoted(String.join(" ", option.completionCandidates())));
    }
    return flags + description(option.description());
  }

  private static boolean takesPath(ArgSpec arg) {
    return Path.class.isAssignableFrom(arg.type())
        || File.class.isAssignableFrom(arg.type())
        || arg.auxiliaryTypes().length > 0 && Path.class.isAssignableFrom(arg.auxiliaryTypes()[0]);
  }

  private static String description(String[] description) {
    if (description.length == 0 || description[0].isBlank()) return "";
    return " -d " + quoted(description[0].strip());
  }

  // fish's single quotes: only \ and ' need escaping.
  static String quoted(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
