package dev.devd.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds builder presets by name: the project's {@code .devd/builders/NAME.yaml} first, then the
 * presets shipped with devd ({@code builders/NAME.yaml} on the classpath, from the repository's
 * {@code config/builders/}). Each preset is read at most once per config load, so a broken one is
 * reported once however many images use it.
 */
final class BuilderPresets {
  /** The presets shipped with devd; a test checks this against config/builders/. */
  static final List<String> SHIPPED =
      List.of(
          "bazel",
          "buildah",
          "docker",
          "jib-maven",
          "kim",
          "ko",
          "kubectl-build",
          "pack",
          "podman");

  // Names become file names: nothing that could leave the builders folder.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** What looking up a preset found. */
  sealed interface Lookup {}

  record Found(BuilderPreset preset) implements Lookup {}

  /** No preset has this name; {@code known} lists the names that exist, sorted. */
  record Unknown(List<String> known) implements Lookup {}

  /** The preset file exists but has problems (reported against that file). */
  record Broken() implements Lookup {}

  private final Path projectRoot;
  private final Problems problems;
  private final Map<String, Lookup> cache = new HashMap<>();

  /**
   * @param problems where problems in preset files are reported (each under the preset file's own
   *     name)
   */
  BuilderPresets(Path projectRoot, Problems problems) {
    this.projectRoot = projectRoot;
    this.problems = problems;
  }

  Lookup find(String name) {
    Lookup lookup = cache.get(name);
    if (lookup == null) {
      lookup = load(name);
      cache.put(name, lookup);
    }
    return lookup;
  }

  /** Every preset name this project can use, sorted. */
  List<String> known() {
    TreeSet<String> names = new TreeSet<>(SHIPPED);
    Path dir = projectDir();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files
            .map(f -> f.getFileName().toString())
            .filter(f -> f.endsWith(".yaml"))
            .map(f -> f.substring(0, f.length() - ".yaml".length()))
            .filter(n -> NAME.matcher(n).matches())
            .forEach(names::add);
      } catch (IOException e) {
        // An unreadable folder only shortens the list of suggestions; looking a preset up reports
        // the real error.
      }
    }
    return List.copyOf(names);
  }

  private Lookup load(String name) {
    if (!NAME.matcher(name).matches()) return new Unknown(known());
    Path projectFile = projectDir().resolve(name + ".yaml");
    if (Files.isRegularFile(projectFile)) {
      String shownAs = projectRoot.relativize(projectFile).toString().replace('\\', '/');
      try {
        return parse(name, shownAs, Files.readString(projectFile, StandardCharsets.UTF_8));
      } catch (IOException e) {
        Problems fileProblems = new Problems(shownAs);
        fileProblems.add(
            SourceLocation.UNKNOWN,
            "the preset file cannot be read (" + e.getMessage() + ")",
            "check that it is a readable file");
        problems.addAll(fileProblems);
        return new Broken();
      }
    }
    String resource = "builders/" + name + ".yaml";
    try (InputStream in = BuilderPresets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) return new Unknown(known());
      // Shown with its place in the devd repository: a broken shipped preset is a bug in devd,
      // fixed there.
      return parse(
          name, "config/" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read devd's own preset " + resource, e);
    }
  }

  private Lookup parse(String name, String shownAs, String text) {
    Problems fileProblems = new Problems(shownAs);
    Optional<BuilderPreset> preset = new PresetFileReader(fileProblems).read(name, text);
    problems.addAll(fileProblems);
    return preset.isPresent() ? new Found(preset.get()) : new Broken();
  }

  private Path projectDir() {
    return projectRoot.resolve(".devd").resolve("builders");
  }
}
