package dev.devd.watch;

import dev.devd.config.IgnoreFiles;
import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.ignore.DockerIgnore;
import dev.devd.ignore.IgnoreRules;
import dev.devd.ignore.IgnoreSource;
import dev.devd.ignore.InvalidIgnorePatternException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link IgnoreRules} of one image or local resource from the validated config (SPEC
 * §2): its {@code ignore} patterns evaluated relative to each folder dep, each folder dep's own
 * {@code .dockerignore} (images only), {@code watch.ignore} and a {@code .devdignore} beside
 * devd.yaml (both relative to devd.yaml's folder), plus the built-ins and, for an image, its {@code
 * outputsImageRefTo} file.
 *
 * <p>Every pattern is compiled here, so a pattern Docker would reject only when it first meets a
 * matching path (such as {@code [z-a]}) is reported now, and the rules never throw while the
 * watcher uses them. Reading devd.yaml has checked the same files already ({@link IgnoreFiles}),
 * with every problem reported as the user's; what fails here is a file that changed in between.
 */
public final class IgnoreRulesFactory {
  /**
   * @throws IOException when a .dockerignore or .devdignore exists but cannot be read
   * @throws InvalidIgnorePatternException for the first bad pattern, located, e.g. {@code
   *     web/.dockerignore:3: invalid pattern "[a-": unclosed character class}
   */
  public IgnoreRules forImage(ProjectConfig project, ImageConfig image) throws IOException {
    List<IgnoreSource> sources = new ArrayList<>();
    List<Path> folders = IgnoreFiles.folders(image.deps());
    addPerFolder(sources, project, folders, image.ignore(), image.yamlPath() + ".ignore");
    for (Path folder : folders) {
      addFile(sources, project, folder, folder.resolve(IgnoreFiles.DOCKERIGNORE));
    }
    addProjectWide(sources, project);
    Set<Path> ignoredFiles = new HashSet<>();
    image.outputsImageRefTo().ifPresent(file -> ignoredFiles.add(project.root().resolve(file)));
    return IgnoreRules.of(sources, ignoredFiles);
  }

  /**
   * Like {@link #forImage}, without the deps' .dockerignore files: those say what goes into an
   * image build context, and often leave out exactly what a local command such as a test run is
   * about ({@code *_test.go}, {@code test/}).
   */
  public IgnoreRules forLocalResource(ProjectConfig project, LocalResourceConfig resource)
      throws IOException {
    List<IgnoreSource> sources = new ArrayList<>();
    addPerFolder(
        sources,
        project,
        IgnoreFiles.folders(resource.deps()),
        resource.ignore(),
        resource.yamlPath() + ".ignore");
    addProjectWide(sources, project);
    return IgnoreRules.of(sources, Set.of());
  }

  /**
   * The rules of folders whose changes reload the config (a Helm chart, a kustomization): the
   * built-ins below each folder, {@code watch.ignore} and {@code .devdignore}.
   */
  public IgnoreRules forReloadTrees(ProjectConfig project, List<Path> folders) throws IOException {
    List<IgnoreSource> sources = new ArrayList<>();
    addPerFolder(sources, project, folders, List.of(), "k8sYaml");
    addProjectWide(sources, project);
    return IgnoreRules.of(sources, Set.of());
  }

  private static void addProjectWide(List<IgnoreSource> sources, ProjectConfig project)
      throws IOException {
    String watchIgnore = configName(project, "watch.ignore");
    sources.add(
        new IgnoreSource(
            watchIgnore, project.root(), fromConfig(project.watch().ignore(), watchIgnore)));
    addFile(sources, project, project.root(), IgnoreFiles.devdignore(project));
  }

  private static void addPerFolder(
      List<IgnoreSource> sources,
      ProjectConfig project,
      List<Path> folders,
      List<String> ignore,
      String yamlPath) {
    // Added even without patterns: the folder is then still a root below which the built-ins apply.
    String name = configName(project, yamlPath);
    DockerIgnore patterns = fromConfig(ignore, name);
    for (Path folder : folders) {
      sources.add(new IgnoreSource(name, folder, patterns));
    }
  }

  private static DockerIgnore fromConfig(List<String> lines, String name) {
    try {
      DockerIgnore patterns = DockerIgnore.parse(lines);
      patterns.checkAllCompile();
      return patterns;
    } catch (InvalidIgnorePatternException e) {
      // Line n of a config list is its element n-1.
      throw e.at(name + "[" + (e.line() - 1) + "]");
    }
  }

  private static void addFile(
      List<IgnoreSource> sources, ProjectConfig project, Path base, Path file) throws IOException {
    if (!Files.isRegularFile(file)) return;
    String name = IgnoreFiles.shown(project, file);
    DockerIgnore patterns;
    try {
      patterns = DockerIgnore.read(file);
      patterns.checkAllCompile();
    } catch (InvalidIgnorePatternException e) {
      throw e.at(name + ":" + e.line());
    }
    sources.add(new IgnoreSource(name, base, patterns));
  }

  private static String configName(ProjectConfig project, String yamlPath) {
    return project.file().getFileName() + " " + yamlPath;
  }
}
