package dev.devd.yamlsource;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ProjectConfig;
import dev.devd.config.YamlSource;
import dev.devd.exec.ProcessRunner;
import dev.devd.render.ManifestException;
import dev.devd.render.RenderedYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the sources of {@code k8sYaml:} that are not plain files (SPEC §11.1): Helm charts
 * in-process, kustomizations and commands as processes in devd.yaml's folder. Every source is
 * rendered and every failure reported at once, each naming its entry in devd.yaml and quoting the
 * tool; nothing is kept from a render that failed anywhere.
 */
public final class SourceRenderer {
  private final HelmTemplate helm = new HelmTemplate();
  private final KustomizeBuild kustomize;
  private final CommandYaml commands;

  /** Renders with the commands run by {@code runner}, found on devd's own PATH. */
  public SourceRenderer(ProcessRunner runner) {
    this(
        runner,
        System.getenv().getOrDefault("PATH", ""),
        System.getProperty("os.name", "").startsWith("Windows"));
  }

  /**
   * @param path where kustomize and kubectl are looked for
   */
  SourceRenderer(ProcessRunner runner, String path, boolean windows) {
    OutputCollector collector = new OutputCollector(runner);
    this.kustomize = new KustomizeBuild(collector, path);
    this.commands = new CommandYaml(collector, windows);
  }

  /** What each source other than files and globs printed, in devd.yaml order. */
  public List<RenderedYaml> render(ProjectConfig config) throws ManifestException {
    List<RenderedYaml> rendered = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (YamlSource source : config.k8sYaml()) {
      if (source instanceof YamlSource.Files) continue;
      try {
        rendered.add(render(config, source));
      } catch (SourceFailure failure) {
        problems.add(failure.problem(config, source));
      }
    }
    if (!problems.isEmpty()) throw new ManifestException(problems);
    return rendered;
  }

  private RenderedYaml render(ProjectConfig config, YamlSource source) throws SourceFailure {
    Path root = config.root();
    return switch (source) {
      case YamlSource.Helm chart ->
          new RenderedYaml(
              source,
              shown(source, "helm"),
              chart.chart(),
              helm.render(chart, root),
              chart.inputs());
      case YamlSource.Kustomize folder ->
          new RenderedYaml(
              source,
              shown(source, "kustomize"),
              folder.dir(),
              kustomize.render(folder, root),
              KustomizeBuild.inputs(folder.dir()));
      case YamlSource.Command command ->
          new RenderedYaml(
              source,
              shown(source, "cmd"),
              config.file(),
              commands.render(command, root),
              command.inputs());
      case YamlSource.Files files ->
          throw new IllegalArgumentException("files are read, not rendered: " + files);
    };
  }

  /** How messages about a line of the source's output name it: {@code k8sYaml[1] (helm output)}. */
  private static String shown(YamlSource source, String tool) {
    return source.yamlPath() + " (" + tool + " output)";
  }
}
