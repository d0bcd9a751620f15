package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import dev.devd.watch.ChangeRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code devd check-ignore PATH...}: which image or resource watches each path, or which pattern
 * ignores it.
 */
@Command(
    name = "check-ignore",
    description = "Say, per path, what watches it or which pattern from which source ignores it.")
public final class CheckIgnoreCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--json", description = "print a JSON array instead of lines")
  boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "paths to check, relative to the current folder")
  List<Path> paths;

  @Override
  public Integer call() throws ConfigException, IOException {
    ProjectConfig config = project.load();
    ChangeRouter router = ChangeRouter.of(config);
    List<ChangeRouter.Verdict> verdicts = new ArrayList<>();
    for (Path path : paths) verdicts.add(router.verdict(path.toAbsolutePath().normalize()));
    if (json) {
      System.out.println(toJson(verdicts, config.root()));
    } else {
      for (ChangeRouter.Verdict verdict : verdicts)
        System.out.println(describe(verdict, config.root()));
    }
    return ExitCodes.OK;
  }

  private static String shown(Path path, Path root) {
    return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
  }

  static String describe(ChangeRouter.Verdict verdict, Path root) {
    String path = shown(verdict.path(), root);
    if (!verdict.watchedBy().isEmpty())
      return path + ": watched by " + String.join(", ", verdict.watchedBy());
    return verdict
        .ignoredBy()
        .map(match -> path + ": ignored by \"" + match.pattern() + "\" from " + match.source())
        .orElse(path + ": not watched (not under the deps of any image or local resource)");
  }

  static String toJson(List<ChangeRouter.Verdict> verdicts, Path root) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (ChangeRouter.Verdict verdict : verdicts) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("path", shown(verdict.path(), root));
      entry.put("watched", !verdict.watchedBy().isEmpty());
      entry.put("by", verdict.watchedBy());
      entry.put(
          "ignoredBy",
          verdict
              .ignoredBy()
              .map(
                  match -> {
                    Map<String, String> ignored = new LinkedHashMap<>();
                    ignored.put("pattern", match.pattern());
                    ignored.put("source", match.source());
                    return ignored;
                  })
              .orElse(null));
      entries.add(entry);
    }
    return JsonMapper.builder().build().writeValueAsString(entries);
  }
}
