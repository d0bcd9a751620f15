package dev.devd.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the entries of {@code k8sYaml:} into files: a file as it is, a folder as its {@code .yaml}, {@code .yml} and
 * {@code .json} files (like {@code kubectl apply -f DIR}), a glob ({@code k8s/*.yaml}, {@code k8s/**}{@code /*.yaml})
 * as the files it matches, sorted. A file named twice is read once.
 */
final class ManifestFileFinder {
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  private static final List<String> YAML_EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private ManifestFileFinder() {}

  /** The files in the order the entries name them; entries that name no file are reported to {@code problems}. */
  static List<Path> find(Path root, List<String> patterns, List<String> problems) {
    Set<Path> files = new LinkedHashSet<>();
    for (String pattern : patterns) {
      try {
        List<Path> found = GLOB.matcher(pattern).find() ? glob(root, pattern) : plain(root, pattern, problems);
        if (found == null) continue;
        if (found.isEmpty() && GLOB.matcher(pattern).find()) {
          problems.add("k8sYaml: \"" + pattern + "\" matches no file; check the pattern");
        }
        files.addAll(found);
      } catch (IOException | UncheckedIOException e) {
        problems.add("k8sYaml: \"" + pattern + "\" cannot be read (" + e.getMessage() + "); check its permissions");
      }
    }
    return List.copyOf(files);
  }

  /** The file, or a folder's YAML files; null when a problem was reported. */
  private static List<Path> plain(Path root, String pattern, List<String> problems) throws IOException {
    Path path = root.resolve(pattern).normalize();
    if (Files.isRegularFile(path)) return List.of(path);
    if (!Files.isDirectory(path)) {
      problems.add("k8sYaml: \"" + pattern + "\" does not exist; check the path");
      return null;
    }
    try (Stream<Path> children = Files.list(path)) {
      List<Path> yaml = children.filter(Files::isRegularFile).filter(ManifestFileFinder::isYaml).sorted().toList();
      if (yaml.isEmpty()) {
        problems.add("k8sYaml: the folder \"" + pattern + "\" holds no .yaml, .yml or .json file; check the path");
        return null;
      }
      return yaml;
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return YAML_EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The regular files under the glob's fixed leading folders that the rest of the glob matches, sorted. */
  private static List<Path> glob(Path root, String pattern) throws IOException {
    String[] segments = pattern.split("/", -1);
    int fixed = 0;
    while (fixed < segments.length - 1 && !GLOB.matcher(segments[fixed]).find()) fixed++;
    String prefix = String.join("/", Arrays.copyOfRange(segments, 0, fixed));
    // "/*.yaml" has the fixed part "" (before the first slash), which is the file system root, not the project's.
    Path base = fixed == 0 ? root : root.resolve(prefix.isEmpty() ? "/" : prefix).normalize();
    String rest = String.join("/", Arrays.copyOfRange(segments, fixed, segments.length));
    if (!Files.isDirectory(base)) return List.of();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - fixed;
    List<Path> matched = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base, depth)) {
      walk.filter(Files::isRegularFile).filter(file -> matcher.matches(base.relativize(file))).forEach(matched::add);
    }
    matched.sort(Comparator.comparing(Path::toString));
    return matched;
  }
}
