package dev.devd.watch;

import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.ignore.IgnoreMatch;
import dev.devd.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Knows, for any path, which images and local resources watch it (it lies under one of their deps
 * and none of their ignore rules hits it), whether a change to it reloads the config (devd.yaml,
 * ignore files, Kubernetes YAML, and the inputs of the YAML sources), and which folders no one
 * needs registered. Immutable; built once per config load.
 */
public final class ChangeRouter {

  /** What watches a path: an image (by its ref) or a local resource (by its name). */
  public record Watcher(String name, boolean image, List<Path> deps, IgnoreRules rules) {
    boolean covers(Path path) {
      for (Path dep : deps) if (path.startsWith(dep)) return true;
      return false;
    }
  }

  /**
   * Folders whose every change reloads the config, such as a Helm chart or a kustomization (SPEC
   * §11.1), but for what devd always ignores ({@code .git/}, editor temp files) and the
   * project-wide ignores.
   */
  record ReloadTrees(List<Path> folders, IgnoreRules rules) {
    boolean reloads(Path path) {
      for (Path folder : folders) {
        if (path.startsWith(folder)) return rules.ignoredBy(path).isEmpty();
      }
      return false;
    }

    boolean needsInside(Path folder) {
      for (Path tree : folders) {
        if (folder.startsWith(tree)) return !rules.skipsDirectory(folder);
      }
      return false;
    }
  }

  /** What {@code devd check-ignore} says about one path. */
  public record Verdict(Path path, List<String> watchedBy, Optional<IgnoreMatch> ignoredBy) {}

  private final List<Watcher> watchers;
  private final Set<Path> configFiles;
  private final ReloadTrees reloadTrees;
  private final ManifestGlobs manifestGlobs;

  private ChangeRouter(
      List<Watcher> watchers,
      Set<Path> configFiles,
      ReloadTrees reloadTrees,
      ManifestGlobs manifestGlobs) {
    this.watchers = List.copyOf(watchers);
    this.configFiles = Set.copyOf(configFiles);
    this.reloadTrees = reloadTrees;
    this.manifestGlobs = manifestGlobs;
  }

  public static ChangeRouter of(ProjectConfig config) throws IOException {
    return of(config, List.of());
  }

  /**
   * The router of a config whose edits of {@code moreConfigFiles} (its Kubernetes YAML, and the
   * inputs of its YAML sources) also reload it; a folder among them counts with everything below
   * it.
   */
  public static ChangeRouter of(ProjectConfig config, List<Path> moreConfigFiles)
      throws IOException {
    IgnoreRulesFactory factory = new IgnoreRulesFactory();
    List<Watcher> watchers = new ArrayList<>();
    for (ImageConfig image : config.images()) {
      watchers.add(new Watcher(image.ref(), true, image.deps(), factory.forImage(config, image)));
    }
    for (LocalResourceConfig local : config.localResources()) {
      watchers.add(
          new Watcher(local.name(), false, local.deps(), factory.forLocalResource(config, local)));
    }
    Set<Path> configFiles = new HashSet<>();
    configFiles.add(config.file());
    configFiles.add(config.root().resolve(".devdignore"));
    List<Path> folders = new ArrayList<>();
    for (Path path : moreConfigFiles) {
      if (Files.isDirectory(path)) {
        folders.add(path);
      } else {
        configFiles.add(path);
      }
    }
    ReloadTrees trees =
        new ReloadTrees(List.copyOf(folders), factory.forReloadTrees(config, folders));
    return new ChangeRouter(watchers, configFiles, trees, ManifestGlobs.of(config));
  }

  public List<Watcher> watchers() {
    return watchers;
  }

  /** The images and local resources a change to {@code path} concerns. */
  public List<Watcher> watchersOf(Path path) {
    List<Watcher> result = new ArrayList<>(2);
    for (Watcher watcher : watchers) {
      if (watcher.covers(path) && watcher.rules().ignoredBy(path).isEmpty()) result.add(watcher);
    }
    return result;
  }

  /** Whether a change to this path means devd.yaml or an ignore file it reads changed. */
  public boolean isConfigFile(Path path) {
    return configFiles.contains(path)
        || manifestGlobs.matches(path)
        || reloadTrees.reloads(path)
        || (path.getFileName() != null
            && path.getFileName().toString().equals(".dockerignore")
            && watchers.stream().anyMatch(watcher -> watcher.deps().contains(path.getParent())));
  }

  public Verdict verdict(Path path) {
    List<String> by = new ArrayList<>();
    Optional<IgnoreMatch> ignored = Optional.empty();
    for (Watcher watcher : watchers) {
      if (!watcher.covers(path)) continue;
      Optional<IgnoreMatch> match = watcher.rules().ignoredBy(path);
      if (match.isEmpty()) by.add(watcher.name());
      else if (ignored.isEmpty()) ignored = match;
    }
    return new Verdict(path, by, by.isEmpty() ? ignored : Optional.empty());
  }

  /**
   * Every dep folder as a tree, every dep file and config file on its own; folders that all
   * watchers ignore are skipped. A dep that does not exist yet is planned as a tree: the plan then
   * watches for it to appear, as a folder or a file, from its nearest existing folder.
   */
  public WatchPlan plan() {
    Set<Path> trees = new HashSet<>(reloadTrees.folders());
    Set<Path> files = new HashSet<>(configFiles);
    for (Watcher watcher : watchers) {
      for (Path dep : watcher.deps()) {
        if (Files.exists(dep) && !Files.isDirectory(dep)) files.add(dep);
        else trees.add(dep);
      }
    }
    return new WatchPlan(trees, files, manifestGlobs.folders(), this::noOneWatchesInside);
  }

  private boolean noOneWatchesInside(Path folder) {
    if (reloadTrees.needsInside(folder)) return false;
    boolean coveredByAny = false;
    for (Watcher watcher : watchers) {
      // A dep inside an ignored folder (build/classes in an ignored build/) is reached through it.
      for (Path dep : watcher.deps()) {
        if (dep.startsWith(folder) && !dep.equals(folder)) return false;
      }
      if (!watcher.covers(folder)) continue;
      coveredByAny = true;
      if (!watcher.rules().skipsDirectory(folder)) return false;
    }
    return coveredByAny;
  }
}
