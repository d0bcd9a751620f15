package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ConfigProblem;
import dev.devd.config.KeySuggester;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.config.SourceLocation;
import dev.devd.engine.ProjectModel;
import dev.devd.render.ManifestException;
import dev.devd.render.UnusedImages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code devd validate}: reads everything {@code devd up} would read (devd.yaml, the ignore files
 * it makes devd read, the Kubernetes YAML it names) and reports every problem at once, without
 * starting anything. What {@code devd up} only warns about (an image no YAML uses, options for a
 * resource that does not exist) counts as a problem here: it is almost always a typo, and validate
 * is where a user asks for them.
 */
@Command(
    name = "validate",
    description = "Check devd.yaml and the files it names; report every problem at once.")
public final class ValidateCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Override
  public Integer call() throws ConfigException {
    ProjectConfig config = project.load();
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<ProjectModel> model = Optional.empty();
    try {
      model = Optional.of(ProjectModel.load(config));
    } catch (ManifestException e) {
      problems.addAll(e.problems());
    }
    model.ifPresent(
        m -> {
          problems.addAll(
              new UnusedImages().problems(config, m.manifests(), m.resources(), m.renderOptions()));
          problems.addAll(unknownTargets(config, m.targetNames()));
        });
    if (!problems.isEmpty()) {
      // devd.yaml's own problems first, by line; those of other files in the order they were read.
      problems.sort(
          Comparator.comparing((ConfigProblem p) -> !p.fileName().equals(config.shownName()))
              .thenComparingInt(
                  p -> p.fileName().equals(config.shownName()) ? p.location().line() : 0));
      throw new ConfigException(config.shownName(), problems);
    }
    config.notes().forEach(note -> System.out.println(note.format()));
    String what = model.map(Counting::summary).orElseGet(() -> Counting.summary(config));
    System.out.println(config.root().relativize(config.file()) + " is valid: " + what);
    return ExitCodes.OK;
  }

  /**
   * {@code resources:} entries and {@code resourceDeps} that name nothing devd runs: {@code devd
   * up} ignores them.
   */
  private static List<ConfigProblem> unknownTargets(ProjectConfig config, Set<String> targets) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, ResourceOptions> entry : config.resources().entrySet()) {
      SourceLocation at = entry.getValue().location();
      if (!targets.contains(entry.getKey())) {
        problems.add(
            unknown(
                config,
                at,
                entry.getKey(),
                targets,
                "these options are for \""
                    + entry.getKey()
                    + "\", which is not a resource devd runs"));
      }
      List<String> deps = entry.getValue().resourceDeps();
      for (int i = 0; i < deps.size(); i++) {
        String path = at.yamlPath() + ".resourceDeps[" + i + "]";
        if (!targets.contains(deps.get(i)))
          problems.add(unknownDep(config, config.locate(path), deps.get(i), targets));
      }
    }
    for (LocalResourceConfig local : config.localResources()) {
      for (int i = 0; i < local.resourceDeps().size(); i++) {
        String dep = local.resourceDeps().get(i);
        String path = local.yamlPath() + ".resourceDeps[" + i + "]";
        if (!targets.contains(dep))
          problems.add(unknownDep(config, config.locate(path), dep, targets));
      }
    }
    return problems;
  }

  private static ConfigProblem unknownDep(
      ProjectConfig config, SourceLocation at, String name, Set<String> targets) {
    return unknown(
        config,
        at,
        name,
        targets,
        "\"" + name + "\" is not a resource devd runs, so nothing waits for it");
  }

  private static ConfigProblem unknown(
      ProjectConfig config, SourceLocation at, String name, Set<String> targets, String what) {
    Optional<String> close = KeySuggester.closest(name, targets);
    String fix =
        close.map(c -> "did you mean \"" + c + "\"? ").orElse("")
            + "devd runs "
            + String.join(", ", targets);
    return new ConfigProblem(config.shownName(), at, what, fix);
  }
}
