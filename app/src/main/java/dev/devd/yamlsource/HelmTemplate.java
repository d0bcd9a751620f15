package dev.devd.yamlsource;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.devd.config.YamlSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders a local Helm chart in-process, as {@code helm template} does, through helm-java (which
 * bundles Helm's own Go code as a native library: no helm binary is needed). The only class that
 * uses helm-java. The chart's {@code charts/} folder supplies its dependencies; nothing is
 * downloaded.
 */
final class HelmTemplate {

  /** The chart's YAML, or what Helm said about it. */
  String render(YamlSource.Helm helm, Path root) throws SourceFailure {
    TemplateCommand template = new Helm(helm.chart()).template().withName(helm.releaseName());
    helm.namespace().ifPresent(template::withNamespace);
    for (Path values : helm.values()) template.withValuesFile(values);
    for (Map.Entry<String, String> value : helm.set().entrySet())
      template.set(value.getKey(), value.getValue());
    try {
      return template.call();
    } catch (IllegalStateException e) {
      // helm-java reports Helm's error text as an IllegalStateException; it names the template file
      // and line.
      throw new SourceFailure(
          "helm cannot render the chart \"" + shown(root, helm.chart()) + "\"",
          "fix the chart or its values (Helm's message follows)",
          e.getMessage().lines().toList());
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      // helm-java ships Helm for Linux, macOS and Windows on amd64 and arm64 only.
      throw new SourceFailure(
          "Helm's library does not load on this machine ("
              + System.getProperty("os.name")
              + ", "
              + System.getProperty("os.arch")
              + ")",
          "render the chart with a cmd: source that runs helm template instead",
          List.of(String.valueOf(e.getMessage())));
    }
  }

  static String shown(Path root, Path path) {
    return path.startsWith(root)
        ? root.relativize(path).toString().replace('\\', '/')
        : path.toString();
  }
}
