package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help}, {@code -h} and {@code devd help COMMAND} for every command the command line
 * defines.
 */
class HelpTest {
  /**
   * Every command of devd, found by walking the whole command line: [up], [dump], [dump,
   * image-deploy-ref], ...
   */
  static Stream<List<String>> everyCommand() {
    List<List<String>> paths = new ArrayList<>();
    collect(Cli.commandLine(), List.of(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> subPath = new ArrayList<>(path);
              subPath.add(name);
              paths.add(subPath);
              collect(sub, subPath, paths);
            });
  }

  private static CommandLine find(List<String> path) {
    CommandLine command = Cli.commandLine();
    for (String name : path) command = command.getSubcommands().get(name);
    return command;
  }

  private static String[] args(List<String> before, List<String> path, List<String> after) {
    return Stream.of(before, path, after).flatMap(List::stream).toArray(String[]::new);
  }

  @ParameterizedTest(name = "devd {0}")
  @MethodSource("everyCommand")
  void helpAndHAndTheHelpCommandPrintTheUsageAndExitZero(List<String> path) {
    CliTest.Run help = CliTest.run(args(List.of(), path, List.of("--help")));
    CliTest.Run h = CliTest.run(args(List.of(), path, List.of("-h")));
    CliTest.Run helpCommand = CliTest.run(args(List.of("help"), path, List.of()));

    for (CliTest.Run run : List.of(help, h, helpCommand)) {
      assertThat(run.exitCode()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).startsWith("Usage: devd " + String.join(" ", path));
    }
    assertThat(h.out()).isEqualTo(help.out());
    assertThat(helpCommand.out()).isEqualTo(help.out());
  }

  @ParameterizedTest(name = "devd {0}")
  @MethodSource("everyCommand")
  void theUsageListsEveryOptionWithItsOneLineDescription(List<String> path) {
    CommandSpec spec = find(path).getCommandSpec();
    String usage = flat(CliTest.run(args(List.of(), path, List.of("--help"))).out());

    assertThat(spec.usageMessage().description()).as("the command's description").isNotEmpty();
    assertThat(usage).contains(flat(spec.usageMessage().description()[0]));
    List<ArgSpec> documented = new ArrayList<>(spec.options());
    documented.addAll(spec.positionalParameters());
    for (ArgSpec arg : documented) {
      if (arg.hidden()) continue;
      assertThat(arg.description()).as("description of %s", label(arg)).hasSize(1);
      assertThat(arg.description()[0]).as("description of %s", label(arg)).isNotBlank();
      assertThat(usage).contains(label(arg)).contains(flat(arg.description()[0]));
    }
    assertThat(usage).contains("-h, --help");
  }

  private static String label(ArgSpec arg) {
    return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
  }

  // The usage wraps long descriptions at the terminal's width; compare the words.
  private static String flat(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
