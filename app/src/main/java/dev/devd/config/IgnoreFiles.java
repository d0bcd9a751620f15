package dev.devd.config;

import dev.devd.ignore.DockerIgnore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ignore files a project's watching reads besides devd.yaml (SPEC §2): each folder dep's own
 * {@code .dockerignore} (images only) and a {@code .devdignore} beside devd.yaml. They are checked
 * when devd.yaml is read, like the patterns written in it, so that a bad line in them is a problem
 * with its file and line, reported with all others, and never an error in the middle of watching.
 */
public final class IgnoreFiles {
  public static final String DOCKERIGNORE = ".dockerignore";
  public static final String DEVDIGNORE = ".devdignore";

  private IgnoreFiles() {}

  /**
   * Deps that are, or may become, folders: a dep that does not exist yet is treated as a folder; a
   * file has nothing below it, so patterns relative to it could never match.
   */
  public static List<Path> folders(List<Path> deps) {
    return deps.stream().filter(dep -> !Files.isRegularFile(dep)).distinct().toList();
  }

  /** The {@code .devdignore} beside devd.yaml, whether it exists or not. */
  public static Path devdignore(ProjectConfig project) {
    return project.root().resolve(DEVDIGNORE);
  }

  /**
   * Every line Docker would reject, and every file that cannot be read, in the project's ignore
   * files.
   */
  static List<ConfigProblem> check(ProjectConfig project) {
    Set<Path> files = new LinkedHashSet<>();
    for (ImageConfig image : project.images()) {
      for (Path folder : folders(image.deps())) files.add(folder.resolve(DOCKERIGNORE));
    }
    files.add(devdignore(project));
    List<ConfigProblem> problems = new ArrayList<>();
    for (Path file : files) {
      if (Files.isRegularFile(file)) check(file, shown(project, file), problems);
    }
    return problems;
  }

  private static void check(Path file, String shown, List<ConfigProblem> problems) {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(
          ConfigProblem.at(
              shown,
              0,
              "cannot be read (" + e.getMessage() + ")",
              "make it readable for this user, or delete it"));
      return;
    }
    // Line by line, as Docker reads the file, so that every bad line is reported and not only the
    // first.
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Optional<String> problem = DockerIgnore.problemWith(lines[i]);
      if (problem.isPresent()) problems.add(ConfigProblem.at(shown, i + 1, problem.get(), ""));
    }
  }

  /** A file as users see it: relative to devd.yaml's folder, '/'-separated. */
  public static String shown(ProjectConfig project, Path file) {
    Path root = project.root().toAbsolutePath().normalize();
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      text = root.relativize(absolute).toString();
    } catch (IllegalArgumentException e) {
      text = absolute.toString(); // another drive on Windows: no relative path exists
    }
    return File.separatorChar == '/' ? text : text.replace(File.separatorChar, '/');
  }
}
