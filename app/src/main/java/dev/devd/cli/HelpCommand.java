package dev.devd.cli;

import dev.devd.config.KeySuggester;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd help [COMMAND...]}: the usage of devd or of one of its commands, as {@code --help}
 * prints it.
 */
@Command(
    name = "help",
    helpCommand = true,
    description =
        "Print the help of devd, or of a command (devd help up, devd help dump image-deploy-ref).")
public final class HelpCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "COMMAND",
      description = "the command, and subcommand, to explain (default: devd)")
  List<String> names = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UsageException {
    CommandLine target = spec.root().commandLine();
    for (String name : names) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        String what = target.getCommandSpec().qualifiedName() + " command";
        throw new UsageException(
            KeySuggester.unknown(what, name, target.getSubcommands().keySet()));
      }
      target = next;
    }
    target.usage(spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
