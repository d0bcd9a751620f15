package dev.devd.render;

import dev.devd.config.ConfigProblem;
import dev.devd.config.SourceLocation;
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
 * Turns the entries of {@code k8sYaml:} into files: a file as it is, a folder as its {@code .yaml},
 * {@code .yml} and {@code .json} files (like {@code kubectl apply -f DIR}), a glob ({@code
 * k8s/*.yaml}, {@code k8s/**}{@code /*.yaml}) as the files it matches, sorted. A file named twice
 * is read once.
 */
final class ManifestFileFinder {
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  private static final List<String> YAML_EXTENSIONS = List.of(".yaml", ".yml", ".json");

  /**
   * One entry: a file, folder or glob as written, and where in devd.yaml ({@code k8sYaml[0]}) it
   * was written.
   */
  record Entry(String pattern, SourceLocation at) {}

  private ManifestFileFinder() {}

  /**
   * The files in the order the entries name them; entries that name no file are reported to {@code
   * problems}.
   *
   * @param configName how messages name devd.yaml
   */
  static List<Path> find(
      Path root, List<Entry> entries, String configName, List<ConfigProblem> problems) {
    Set<Path> files = new LinkedHashSet<>();
    for (Entry entry : entries) {
      String pattern = entry.pattern();
      SourceLocation at = entry.at();
      try {
        List<Path> found =
            GLOB.matcher(pattern).find() ? glob(root, pattern) : plain(root, pattern);
        if (found.isEmpty()) problems.add(nothingFound(configName, at, root, pattern));
        files.addAll(found);
      } catch (IOException | UncheckedIOException e) {
        problems.add(
            new ConfigProblem(
                configName,
                at,
                "\"" + pattern + "\" cannot be read (" + e.getMessage() + ")",
                "check its permissions"));
      }
    }
    return List.copyOf(files);
  }

  private static ConfigProblem nothingFound(
      String configName, SourceLocation at, Path root, String pattern) {
    if (GLOB.matcher(pattern).find()) {
      return new ConfigProblem(
          configName, at, "\"" + pattern + "\" matches no file", "check the pattern, or remove it");
    }
    if (Files.isDirectory(root.resolve(pattern))) {
      return new ConfigProblem(
          configName,
          at,
          "the folder \"" + pattern + "\" holds no .yaml, .yml or .json file",
          "check the path");
    }
    return new ConfigProblem(
        configName, at, "\"" + pattern + "\" does not exist", "check the path");
  }

  /** The file, or a folder's YAML files; empty when there is neither. */
  private static List<Path> plain(Path root, String pattern) throws IOException {
    Path path = root.resolve(pattern).normalize();
    if (Files.isRegularFile(path)) return List.of(path);
    if (!Files.isDirectory(path)) return List.of();
    try (Stream<Path> children = Files.list(path)) {
      return children
          .filter(Files::isRegularFile)
          .filter(ManifestFileFinder::isYaml)
          .sorted()
          .toList();
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return YAML_EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /**
   * The regular files under the glob's fixed leading folders that the rest of the glob matches,
   * sorted.
   */
  private static List<Path> glob(Path root, String pattern) throws IOException {
    String[] segments = pattern.split("/", -1);
    int fixed = 0;
    while (fixed < segments.length - 1 && !GLOB.matcher(segments[fixed]).find()) fixed++;
    String prefix = String.join("/", Arrays.copyOfRange(segments, 0, fixed));
    // "/*.yaml" has the fixed part "" (before the first slash), which is the file system root, not
    // the project's.
    Path base = fixed == 0 ? root : root.resolve(prefix.isEmpty() ? "/" : prefix).normalize();
    String rest = String.join("/", Arrays.copyOfRange(segments, fixed, segments.length));
    if (!Files.isDirectory(base)) return List.of();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    int depth = rest.contains("**") ? Integer.MAX_VALUE : segments.length - fixed;
    List<Path> matched = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(base, depth)) {
      walk.filter(Files::isRegularFile)
          .filter(file -> matcher.matches(base.relativize(file)))
          .forEach(matched::add);
    }
    matched.sort(Comparator.comparing(Path::toString));
    return matched;
  }
}
