package dev.devd.render;

import dev.devd.config.YamlSource;
import java.nio.file.Path;
import java.util.List;

/**
 * The YAML a source of {@code k8sYaml:} printed when it was rendered (a Helm chart, a
 * kustomization, a command), to be read like a file.
 *
 * @param shown how messages name its output, such as {@code k8sYaml[1] helm deploy/chart}; a line
 *     number follows
 * @param origin where its objects come from, for messages: the chart or kustomization folder, or
 *     devd.yaml
 * @param inputs the files and folders it was made from (a folder with everything below it): a
 *     change to one renders it again
 */
public record RenderedYaml(
    YamlSource source, String shown, Path origin, String text, List<Path> inputs) {
  public RenderedYaml {
    inputs = List.copyOf(inputs);
  }
}
