package dev.devd.cli;

import dev.devd.config.ConfigException;
import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.render.ManifestException;
import dev.devd.render.RenderedYaml;
import dev.devd.yamlsource.SourceRenderer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code devd validate}: checks devd.yaml and reports every problem, without starting anything. */
@Command(name = "validate", description = "Check devd.yaml and report every problem at once.")
public final class ValidateCommand implements Callable<Integer> {
  @Mixin
  ProjectOptions project;

  @Override
  public Integer call() throws ConfigException, ManifestException {
    ProjectConfig config = project.load();
    renderSources(config);
    System.out.println(config.root().relativize(config.file()) + " is valid: " + Counting.summary(config));
    return ExitCodes.OK;
  }

  /**
   * Renders every Helm chart, kustomization and command of {@code k8sYaml} (SPEC §11.1), so that what would stop
   * {@code devd up} is reported here: each failure with its devd.yaml line and the tool's own message.
   */
  static List<RenderedYaml> renderSources(ProjectConfig config) throws ManifestException {
    return new SourceRenderer(new ProcessRunner()).render(config);
  }
}
