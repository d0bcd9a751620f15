package dev.devd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line that started this devd, to start another devd the same way: the same java, with
 * the same JVM options (heap, AOT cache) and jar, and other devd arguments.
 */
final class OwnCommandLine {
  private OwnCommandLine() {}

  /**
   * java, this JVM's options and jar or main class, then {@code devdArgs}; {@code ownArgs} are the
   * ones devd got.
   */
  static List<String> with(List<String> ownArgs, List<String> devdArgs) {
    ProcessHandle.Info info = ProcessHandle.current().info();
    List<String> command = new ArrayList<>();
    command.add(
        info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(launch(info.arguments().map(Arrays::asList), ownArgs));
    command.addAll(devdArgs);
    return command;
  }

  /**
   * What came between java and devd's arguments: the operating system's copy of this process's
   * arguments, less devd's own at their end; where the system does not tell (it does on Linux), the
   * class path and main class.
   */
  static List<String> launch(Optional<List<String>> processArgs, List<String> ownArgs) {
    if (processArgs.isPresent()) {
      List<String> all = processArgs.get();
      int start = all.size() - ownArgs.size();
      if (start >= 0 && all.subList(start, all.size()).equals(ownArgs))
        return List.copyOf(all.subList(0, start));
    }
    // "sun.java.command" is the main class or jar and the arguments, as the java launcher got them.
    String main = System.getProperty("sun.java.command", "dev.devd.Main").split(" ", 2)[0];
    if (main.endsWith(".jar")) return List.of("-jar", main);
    return List.of("-cp", System.getProperty("java.class.path"), main);
  }
}
