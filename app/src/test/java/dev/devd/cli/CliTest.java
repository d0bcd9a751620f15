package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CliTest {
  @Test
  void theWholeCommandLineHasEveryCommandUnderItsOwnName() {
    CommandLine devd = Cli.commandLine();

    assertThat(devd.getSubcommands()).containsOnlyKeys("up", "ci", "down", "status", "trigger", "logs", "validate",
        "render", "check-ignore", "prune", "dump", "version");
    devd.getSubcommands().forEach((name, command) -> assertThat(command.getCommandName()).isEqualTo(name));
  }

  @Test
  void aRunOfOneCommandGetsOnlyThatCommand() {
    assertThat(Cli.commandLine(Optional.of("up")).getSubcommands()).containsOnlyKeys("up");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "up --port 0        | up",
      "--verbose up       | up",
      "check-ignore a b   | check-ignore",
      "dump image-deploy-ref x | dump",
      "--help             | -",
      "upp                | -",
      "-- up              | -",
      "''                 | -",
  })
  void findsTheCommandTheArgumentsRun(String args, String command) {
    String[] argv = args.isEmpty() ? new String[0] : args.trim().split(" +");

    assertThat(Cli.invoked(argv)).isEqualTo(Optional.ofNullable(command));
  }

  @Test
  void aMistypedCommandStillGetsASuggestion() {
    StringWriter err = new StringWriter();
    CommandLine devd = Cli.commandLine(Cli.invoked(new String[] {"upp"}));
    devd.setErr(new PrintWriter(err, true));

    devd.execute("upp");

    assertThat(err.toString()).contains("Did you mean: devd up?");
  }
}
