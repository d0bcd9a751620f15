package dev.devd.cli;

import dev.devd.config.KeySuggester;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Says what is wrong with the flags or arguments a command was given, with the closest option or
 * command when one was mistyped (by devd's one suggester, not picocli's, which offers far-off
 * names), and where to read more. Exit 2.
 */
final class BadUsageReporter implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(message(e));
    err.println("see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  static String message(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty())
      return e.getMessage();
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String given = unmatched.getUnmatched().getFirst();
    if (given.startsWith("-")) return unknownOption(spec, given.split("=", 2)[0]);
    if (!spec.subcommands().isEmpty())
      return KeySuggester.unknown("command", given, commandNames(spec));
    return e.getMessage();
  }

  // Compared without their dashes: "-x" is not "close" to "-f", and "-file" means "--file".
  private static String unknownOption(CommandSpec spec, String given) {
    Map<String, String> names = new HashMap<>();
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) continue;
      for (String name : option.names()) names.putIfAbsent(undashed(name), name);
    }
    Optional<String> best = KeySuggester.closest(undashed(given), names.keySet()).map(names::get);
    return "unknown option \""
        + given
        + "\" of "
        + spec.qualifiedName()
        + best.map(name -> "; did you mean \"" + name + "\"?").orElse("");
  }

  private static List<String> commandNames(CommandSpec spec) {
    return spec.subcommands().entrySet().stream()
        .filter(entry -> !entry.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String undashed(String name) {
    return name.replaceFirst("^-+", "");
  }
}
