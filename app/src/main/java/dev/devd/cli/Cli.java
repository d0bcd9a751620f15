package dev.devd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Builds the command line, maps errors to exit codes, and runs one command. */
public final class Cli {
  // devd's commands by name, in the order `devd --help` lists them. picocli reads a command's annotations when it is
  // added, and that costs tens of milliseconds per command at start-up; a run of one command adds only that one.
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("up", UpCommand.class);
    COMMANDS.put("ci", CiCommand.class);
    COMMANDS.put("down", DownCommand.class);
    COMMANDS.put("status", StatusCommand.class);
    COMMANDS.put("trigger", TriggerCommand.class);
    COMMANDS.put("logs", LogsCommand.class);
    COMMANDS.put("validate", ValidateCommand.class);
    COMMANDS.put("render", RenderCommand.class);
    COMMANDS.put("check-ignore", CheckIgnoreCommand.class);
    COMMANDS.put("prune", PruneCommand.class);
    COMMANDS.put("dump", DumpCommand.class);
    COMMANDS.put("version", VersionCommand.class);
  }

  // The commands that read devd.yaml first and whose start-up is felt: devd.yaml is read ahead for them.
  private static final Set<String> PRELOADING = Set.of("up", "ci");

  private Cli() {}

  /** Runs devd with these arguments and returns its exit code. */
  public static int run(String[] args) {
    LogFile.choose(args);
    Optional<String> command = invoked(args);
    // logback reads its XML configuration on first use (about 50 ms), and up and ci read devd.yaml first (about 20 ms):
    // each runs on a thread of its own while picocli reads the command's annotations on this one. They must be over
    // before the command runs: until then slf4j hands out stand-in loggers, and --verbose needs logback's own.
    List<Thread> startup = new ArrayList<>();
    startup.add(Thread.ofPlatform().daemon().name("devd-logging").start(LoggerFactory::getILoggerFactory));
    if (command.filter(PRELOADING::contains).isPresent()) {
      Path config = LogFile.configFile(args).toAbsolutePath().normalize();
      startup.add(Thread.ofPlatform().daemon().name("devd-preload").start(() -> ConfigPreloader.preload(config)));
    }
    CommandLine commandLine = commandLine(command);
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setParameterExceptionHandler(Cli::badUsage);
    commandLine.setExecutionStrategy(parseResult -> {
      if (parseResult.hasMatchedOption("--verbose") || parseResult.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"))) {
        Verbosity.verbose();
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    startup.forEach(Cli::awaitStartup);
    return commandLine.execute(args);
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
    return commandLine(Optional.empty());
  }

  /** devd with only {@code command}, or with every command when empty. */
  static CommandLine commandLine(Optional<String> command) {
    CommandLine commandLine = new CommandLine(new DevdCommand());
    for (var entry : COMMANDS.entrySet()) {
      if (command.isEmpty() || command.get().equals(entry.getKey())) commandLine.addSubcommand(entry.getKey(), entry.getValue());
    }
    return commandLine;
  }

  /**
   * The command these arguments run, when it is one of devd's: the first argument that is not an option (devd's own
   * options take no values). Empty for anything else (help, a mistyped command), which then gets the whole command
   * line with its usage and suggestions.
   */
  static Optional<String> invoked(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) return Optional.empty();
      if (arg.startsWith("-")) continue;
      return COMMANDS.containsKey(arg) ? Optional.of(arg) : Optional.empty();
    }
    return Optional.empty();
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    System.err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
    System.err.println("see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.USAGE;
  }
}
