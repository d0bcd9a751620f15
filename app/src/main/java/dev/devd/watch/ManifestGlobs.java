package dev.devd.watch;

import dev.devd.config.ProjectConfig;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The globs among {@code k8sYaml} ({@code k8s/*.yaml}): a file that starts to match one later is
 * new Kubernetes YAML, so devd watches the folder each glob reads and reloads when such a file
 * appears.
 */
record ManifestGlobs(List<PathMatcher> matchers, Set<Path> folders) {

  static ManifestGlobs of(ProjectConfig config) {
    List<PathMatcher> matchers = new ArrayList<>();
    Set<Path> folders = new HashSet<>();
    for (String entry : config.k8sYamlFiles()) {
      if (!entry.matches(".*[*?\\[{].*")) continue;
      Path pattern = config.root().resolve(entry).normalize();
      matchers.add(
          FileSystems.getDefault()
              .getPathMatcher("glob:" + pattern.toString().replace("\\", "\\\\")));
      folders.add(fixedPart(pattern));
    }
    return new ManifestGlobs(List.copyOf(matchers), Set.copyOf(folders));
  }

  // The folder above the glob's first wildcard: k8s/*.yaml reads k8s/, deploy/*/app.yaml reads
  // deploy/.
  private static Path fixedPart(Path pattern) {
    Path fixed = pattern.getRoot();
    for (Path part : pattern) {
      if (part.toString().matches(".*[*?\\[{].*")) break;
      fixed = fixed == null ? part : fixed.resolve(part);
    }
    Path result = fixed != null && fixed.equals(pattern) ? pattern.getParent() : fixed;
    return result == null ? Path.of("").toAbsolutePath() : result;
  }

  boolean matches(Path path) {
    for (PathMatcher matcher : matchers) if (matcher.matches(path)) return true;
    return false;
  }
}
