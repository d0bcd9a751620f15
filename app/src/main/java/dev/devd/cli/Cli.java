package dev.devd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Builds the command line with devd's error reporting, and runs one command. */
public final class Cli {
  // devd's commands by name, in the order `devd --help` lists them. picocli reads a command's
  // annotations when it is
  // added, and that costs tens of milliseconds per command at start-up; a run of one command adds
  // only that one.
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("up", UpCommand.class);
    COMMANDS.put("attach", AttachCommand.class);
    COMMANDS.put("stop", StopCommand.class);
    COMMANDS.put("ls", LsCommand.class);
    COMMANDS.put("ci", CiCommand.class);
    COMMANDS.put("down", DownCommand.class);
    COMMANDS.put("status", StatusCommand.class);
    COMMANDS.put("trigger", TriggerCommand.class);
    COMMANDS.put("enable", EnableCommand.On.class);
    COMMANDS.put("disable", EnableCommand.Off.class);
    COMMANDS.put("logs", LogsCommand.class);
    COMMANDS.put("validate", ValidateCommand.class);
    COMMANDS.put("render", RenderCommand.class);
    COMMANDS.put("check-ignore", CheckIgnoreCommand.class);
    COMMANDS.put("prune", PruneCommand.class);
    COMMANDS.put("dump", DumpCommand.class);
    COMMANDS.put("completion", CompletionCommand.class);
    COMMANDS.put("help", HelpCommand.class);
    COMMANDS.put("version", VersionCommand.class);
  }

  // The commands that need every other one: they list or walk the whole command line.
  private static final Set<String> NEEDING_ALL = Set.of("completion");

  // The commands that read devd.yaml first and whose start-up is felt: devd.yaml is read ahead for
  // them.
  private static final Set<String> PRELOADING = Set.of("up", "ci");

  private Cli() {}

  /** Runs devd with these arguments and returns its exit code. */
  public static int run(String[] args) {
    StateFolder.prepare(LogFile.configFile(args));
    LogFile.choose(args);
    List<String> commands = commandsFor(args);
    // logback reads its XML configuration on first use (about 50 ms), and up and ci read devd.yaml
    // first (about 20 ms):
    // each runs on a thread of its own while picocli reads the command's annotations on this one.
    // They must be over
    // before the command runs: until then slf4j hands out stand-in loggers, and --verbose needs
    // logback's own.
    List<Thread> startup = new ArrayList<>();
    startup.add(
        Thread.ofPlatform().daemon().name("devd-logging").start(LoggerFactory::getILoggerFactory));
    if (commands.size() == 1 && PRELOADING.contains(commands.getFirst())) {
      Path config = LogFile.configFile(args).toAbsolutePath().normalize();
      startup.add(
          Thread.ofPlatform()
              .daemon()
              .name("devd-preload")
              .start(() -> ConfigPreloader.preload(config)));
    }
    CommandLine commandLine = configured(commandLine(commands));
    startup.forEach(Cli::awaitStartup);
    return commandLine.execute(args);
  }

  /** {@code commandLine} with devd's error reporting and verbosity; returns it. */
  static CommandLine configured(CommandLine commandLine) {
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setParameterExceptionHandler(new BadUsageReporter());
    commandLine.setExecutionStrategy(
        parseResult -> {
          if (ErrorReporter.verbose(parseResult)) Verbosity.verbose();
          return new CommandLine.RunLast().execute(parseResult);
        });
    return commandLine;
  }

  private static void awaitStartup(Thread setup) {
    try {
      setup.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The whole command line: devd and every command. */
  public static CommandLine commandLine() {
    return commandLine(List.copyOf(COMMANDS.keySet()));
  }

  /**
   * devd with only these of its commands, each (and each of their subcommands) with {@code -h} and
   * {@code --help}.
   */
  static CommandLine commandLine(List<String> commands) {
    CommandLine commandLine = new CommandLine(new DevdCommand());
    for (var entry : COMMANDS.entrySet()) {
      if (commands.contains(entry.getKey()))
        commandLine.addSubcommand(entry.getKey(), entry.getValue());
    }
    addHelpOptions(commandLine);
    return commandLine;
  }

  // Added here rather than declared by each command, so that no command can be without them.
  private static void addHelpOptions(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("print this help and exit")
              .build());
    }
    commandLine.getSubcommands().values().forEach(Cli::addHelpOptions);
  }

  /**
   * The commands these arguments need: the one they run, found as the first argument that is not an
   * option (devd's own options take no values); for {@code help COMMAND}, help and that command.
   * Every command for anything else ({@code --help}, {@code help}, a mistyped command), which then
   * gets the whole list with its usage and suggestions.
   */
  static List<String> commandsFor(String[] args) {
    List<String> positional = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--")) break;
      if (!arg.startsWith("-")) positional.add(arg);
    }
    List<String> all = List.copyOf(COMMANDS.keySet());
    if (positional.isEmpty()
        || !COMMANDS.containsKey(positional.getFirst())
        || NEEDING_ALL.contains(positional.getFirst())) {
      return all;
    }
    if (!positional.getFirst().equals("help")) return List.of(positional.getFirst());
    return positional.size() > 1 && COMMANDS.containsKey(positional.get(1))
        ? List.of("help", positional.get(1))
        : all;
  }
}
