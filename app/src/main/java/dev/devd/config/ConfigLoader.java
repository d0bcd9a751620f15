package dev.devd.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads devd.yaml into an immutable {@link ProjectConfig}, or fails with a {@link ConfigException}
 * that lists every problem in the file at once. Relative paths in the file are resolved against the
 * file's folder; builder presets are looked up in that folder's {@code .devd/builders/} and among
 * those shipped with devd. The ignore files the config makes devd read ({@link IgnoreFiles}) are
 * checked too: their problems carry their own file name.
 */
public final class ConfigLoader {

  /** Reads the file at {@code devdYaml}. */
  public ProjectConfig load(Path devdYaml) throws ConfigException {
    String text;
    try {
      text = Files.readString(devdYaml, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(
          devdYaml,
          "not found in " + folderOf(devdYaml),
          "create one (see the README) or pass -f FILE");
    } catch (MalformedInputException e) {
      throw single(devdYaml, "the file is not UTF-8 text", "save it as UTF-8");
    } catch (IOException e) {
      throw single(
          devdYaml, "cannot be read (" + e.getMessage() + ")", "check that it is a readable file");
    }
    return parse(text, devdYaml);
  }

  /**
   * Reads {@code yamlText} as if it were the content of {@code devdYaml}, which need not exist (its
   * folder gives the project root).
   */
  public ProjectConfig parse(String yamlText, Path devdYaml) throws ConfigException {
    Path file = devdYaml.toAbsolutePath().normalize();
    Path root = file.getParent();
    Problems problems = new Problems(shownName(devdYaml));
    Optional<YamlNode> document = new YamlTreeReader(problems).read(yamlText);
    if (document.isEmpty()) {
      if (problems.isEmpty()) {
        problems.add(
            SourceLocation.UNKNOWN,
            "the file is empty",
            "add images: or localResources: (see the README)");
      }
      problems.throwIfAny();
    }
    ValueReader values = new ValueReader(problems, root);
    BuilderPresets presets = new BuilderPresets(root, problems);
    Optional<ProjectConfig> config =
        new ProjectConfigReader(file, values, presets).read(document.orElseThrow());
    problems.throwIfAny();
    if (config.isEmpty())
      throw new IllegalStateException("no config and no problem reported for " + file);
    IgnoreFiles.check(config.get()).forEach(problems::add);
    problems.throwIfAny();
    return config.get();
  }

  /**
   * The name messages start with. The file name alone: it keeps every line short, and it is the
   * name users know ("devd.yaml"); problems in other files (presets) carry their own path.
   */
  static String shownName(Path devdYaml) {
    Path name = devdYaml.getFileName();
    return name == null ? devdYaml.toString() : name.toString();
  }

  private static Path folderOf(Path devdYaml) {
    return devdYaml.toAbsolutePath().normalize().getParent();
  }

  private static ConfigException single(Path devdYaml, String what, String fix) {
    return new ConfigException(
        shownName(devdYaml),
        java.util.List.of(
            new ConfigProblem(shownName(devdYaml), SourceLocation.UNKNOWN, what, fix)));
  }
}
