package dev.devd.yamlsource;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ProjectConfig;
import dev.devd.config.SourceLocation;
import dev.devd.config.YamlSource;
import java.util.List;

/**
 * A source of {@code k8sYaml:} that could not be rendered: where its entry is written in devd.yaml,
 * what went wrong and what to do, then the tool's own words, each line indented under it.
 */
final class SourceFailure extends Exception {
  // "helm template" ends some messages with a hint about a flag that devd's users cannot pass.
  private static final String HELM_DEBUG_HINT = "Use --debug flag";

  private final String what;
  private final String fix;
  private final List<String> toolText;

  SourceFailure(String what, String fix, List<String> toolText) {
    super(what);
    this.what = what;
    this.fix = fix;
    this.toolText =
        toolText.stream()
            .map(String::stripTrailing)
            .filter(line -> !line.isBlank() && !line.startsWith(HELM_DEBUG_HINT))
            .toList();
  }

  /**
   * {@code devd.yaml:7:5: k8sYaml[1]: WHAT; FIX}, the tool's lines below it (as part of what to
   * do).
   */
  ConfigProblem problem(ProjectConfig config, YamlSource source) {
    StringBuilder text = new StringBuilder(fix);
    for (String line : toolText) text.append("\n  ").append(line);
    SourceLocation at =
        new SourceLocation(source.location().line(), source.location().column(), source.yamlPath());
    return new ConfigProblem(config.shownName(), at, what, text.toString());
  }
}
