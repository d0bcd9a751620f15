package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CliTest {
  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /**
   * Runs devd's command line as {@link Cli#run} builds it for these arguments, with its output
   * captured.
   */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine devd = Cli.configured(Cli.commandLine(Cli.commandsFor(args)));
    devd.setOut(new PrintWriter(out, true));
    devd.setErr(new PrintWriter(err, true));
    int exitCode = devd.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void theWholeCommandLineHasEveryCommandUnderItsOwnName() {
    CommandLine devd = Cli.commandLine();

    assertThat(devd.getSubcommands())
        .containsOnlyKeys(
            "up",
            "attach",
            "stop",
            "ls",
            "ci",
            "down",
            "status",
            "trigger",
            "enable",
            "disable",
            "logs",
            "validate",
            "render",
            "check-ignore",
            "prune",
            "dump",
            "completion",
            "help",
            "version");
    devd.getSubcommands()
        .forEach((name, command) -> assertThat(command.getCommandName()).isEqualTo(name));
  }

  @Test
  void aRunOfOneCommandGetsOnlyThatCommand() {
    assertThat(Cli.commandLine(List.of("up")).getSubcommands()).containsOnlyKeys("up");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "up --port 0             | up",
        "--verbose up            | up",
        "check-ignore a b        | check-ignore",
        "dump image-deploy-ref x | dump",
        "help up                 | help up",
        "help dump image-deploy-ref | help dump",
        "help                    | ALL",
        "help upp                | ALL",
        "completion bash         | ALL",
        "--help                  | ALL",
        "upp                     | ALL",
        "-- up                   | ALL",
        "''                      | ALL",
      })
  void findsTheCommandsTheArgumentsNeed(String args, String commands) {
    String[] argv = args.isEmpty() ? new String[0] : args.trim().split(" +");

    List<String> expected =
        commands.equals("ALL")
            ? List.copyOf(Cli.commandLine().getSubcommands().keySet())
            : List.of(commands.split(" "));
    assertThat(Cli.commandsFor(argv)).isEqualTo(expected);
  }

  @Test
  void aMistypedCommandSuggestsTheClosest() {
    Run run = run("stauts");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .startsWith(
            "unknown command \"stauts\"; did you mean \"status\"?; known: attach, check-ignore,")
        .endsWith("see 'devd --help'\n");
  }

  @Test
  void aCommandCloseToNoneSuggestsNone() {
    Run run = run("nosuch");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .startsWith("unknown command \"nosuch\"; known: ")
        .doesNotContain("did you mean");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "up --prot 0       | unknown option \"--prot\" of devd up; did you mean \"--port\"?",
        "up --fiel=x.yaml  | unknown option \"--fiel\" of devd up; did you mean \"--file\"?",
        "validate --fil x  | unknown option \"--fil\" of devd validate; did you mean \"--file\"?",
        "logs --folow      | unknown option \"--folow\" of devd logs; did you mean \"--follow\"?",
        "status -x         | unknown option \"-x\" of devd status",
        "ls --colour       | unknown option \"--colour\" of devd ls",
      })
  void aMistypedOptionSuggestsTheClosestOfThatCommand(String args, String message) {
    Run run = run(args.trim().split(" +"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    String command = args.trim().split(" ")[0];
    assertThat(run.err()).isEqualTo(message + "\nsee 'devd " + command + " --help'\n");
  }

  @Test
  void helpAloneIsDevdsOwnUsageWithEveryCommand() {
    Run help = run("help");
    Run flag = run("--help");
    Run h = run("-h");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: devd").contains("Commands:");
    Cli.commandLine()
        .getSubcommands()
        .keySet()
        .forEach(name -> assertThat(help.out()).contains("  " + name + " "));
    assertThat(flag.out()).isEqualTo(help.out());
    assertThat(h.out()).isEqualTo(help.out());
  }

  @Test
  void helpOfAnUnknownCommandSuggestsTheClosest() {
    Run run = run("help", "atach");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("unknown devd command \"atach\"; did you mean \"attach\"?");
  }

  @Test
  void versionSaysVersionCommitAndDate() {
    Run version = run("version");
    Run flag = run("--version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).matches("devd \\S+ \\(commit \\S+, built \\S+\\)\n");
    assertThat(flag.out()).isEqualTo(version.out());
  }
}
