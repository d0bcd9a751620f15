package dev.devd.yamlsource;

import dev.devd.config.YamlSource;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Renders a kustomization with {@code kustomize build DIR}, or {@code kubectl kustomize DIR} when
 * kustomize itself is not on PATH (Tilt's order), and finds the local files and folders it reads,
 * so that a change to any of them (a base outside the overlay's folder too) renders it again.
 */
final class KustomizeBuild {
  private static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  // kubectl logs its error through klog: E1203 10:10:23.963008 6660 run.go:72] "command failed"
  // err="..."
  private static final Pattern KLOG_ERROR =
      Pattern.compile(
          "^[EWIF]\\d{4} [0-9:.]+\\s+\\d+ [^\\]]+\\] \"command failed\"" + " err=\"(.*)\"$");

  private final OutputCollector collector;
  private final String path;

  /**
   * @param path the PATH to look for kustomize and kubectl on, devd's own in use
   */
  KustomizeBuild(OutputCollector collector, String path) {
    this.collector = collector;
    this.path = path;
  }

  /** The kustomization's YAML, or what went wrong. */
  String render(YamlSource.Kustomize kustomize, Path root) throws SourceFailure {
    String shown = "\"" + HelmTemplate.shown(root, kustomize.dir()) + "\"";
    List<String> argv;
    Optional<Path> standalone = onPath("kustomize");
    Optional<Path> kubectl = standalone.isPresent() ? Optional.empty() : onPath("kubectl");
    if (standalone.isPresent()) {
      argv = List.of(standalone.get().toString(), "build", kustomize.dir().toString());
    } else if (kubectl.isPresent()) {
      argv = List.of(kubectl.get().toString(), "kustomize", kustomize.dir().toString());
    } else {
      throw new SourceFailure(
          "neither kustomize nor kubectl is on PATH, and one of them renders " + shown,
          "install kubectl, which has kustomize built in (https://kubernetes.io/docs/tasks/tools/), or kustomize "
              + "(https://kubectl.docs.kubernetes.io/installation/kustomize/), then run devd again",
          List.of());
    }
    String tool = standalone.isPresent() ? "kustomize build" : "kubectl kustomize";
    OutputCollector.Collected run;
    try {
      run = collector.run(ProcessSpec.of(argv, root));
    } catch (ProcessStartException e) {
      throw new SourceFailure(e.problem() + " (" + tool + ")", e.fix(), List.of());
    }
    if (!run.result().succeeded()) {
      throw new SourceFailure(
          tool + " " + shown + " " + OutputCollector.ending(run.result()),
          "fix the kustomization (" + tool + " says why below)",
          run.stderr().stream().map(KustomizeBuild::plain).toList());
    }
    return run.stdout();
  }

  /** kubectl's klog line as the error text it carries; other lines as they are. */
  static String plain(String line) {
    Matcher klog = KLOG_ERROR.matcher(line);
    return klog.matches() ? klog.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : line;
  }

  private Optional<Path> onPath(String program) {
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) continue;
      try {
        Path candidate = Path.of(folder, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
          return Optional.of(candidate);
      } catch (InvalidPathException e) {
        // an entry of PATH that is no path names no program
      }
    }
    return Optional.empty();
  }

  /**
   * The files and folders a kustomization reads, as Tilt finds them: its kustomization file, and
   * every string in it that names an existing file or folder, such as {@code resources:
   * [deployment.yaml, ../base]}; a folder that is a kustomization itself is followed the same way,
   * any other folder counts whole. Only what is named counts, so a build or a log file written
   * beside {@code kustomize: .} renders nothing again. Strings that merely look like paths cost a
   * watch at most; URLs name nothing local.
   */
  static List<Path> inputs(Path dir) {
    Set<Path> found = new LinkedHashSet<>();
    collect(dir.toAbsolutePath().normalize(), found, new LinkedHashSet<>());
    return List.copyOf(found);
  }

  private static void collect(Path dir, Set<Path> found, Set<Path> visited) {
    if (!visited.add(dir)) return;
    Optional<Path> file =
        KUSTOMIZATION_FILES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    if (file.isEmpty()) {
      found.add(dir);
      return;
    }
    found.add(file.get());
    Object tree;
    try {
      tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file.get()));
    } catch (IOException | YamlEngineException e) {
      return; // kustomize says what is wrong with it when it renders
    }
    List<String> strings = new ArrayList<>();
    strings(tree, strings);
    for (String text : strings) {
      if (text.contains("://") || text.contains("\n") || text.isBlank()) continue;
      Path path;
      try {
        path = dir.resolve(text).normalize();
      } catch (InvalidPathException e) {
        continue;
      }
      if (path.equals(dir) || !Files.exists(path)) continue;
      if (Files.isDirectory(path)) {
        collect(path, found, visited);
      } else {
        found.add(path);
      }
    }
  }

  private static void strings(Object node, List<String> into) {
    switch (node) {
      case String text -> into.add(text);
      case Map<?, ?> map -> map.values().forEach(value -> strings(value, into));
      case List<?> list -> list.forEach(item -> strings(item, into));
      case null, default -> {}
    }
  }
}
