package dev.devd.cli;

import dev.devd.config.ImageConfig;
import dev.devd.config.KeySuggester;
import dev.devd.config.ProjectConfig;
import java.util.List;

/**
 * The {@code IMAGE...} arguments of commands that act on some of a project's images ({@code prune},
 * {@code dump}).
 */
final class ImageArguments {
  private ImageArguments() {}

  /**
   * The images named (every image when none is), in devd.yaml's order; a name that is no image is
   * refused.
   */
  static List<ImageConfig> chosen(ProjectConfig config, List<String> names) throws UsageException {
    List<String> known = config.images().stream().map(ImageConfig::ref).toList();
    for (String name : names) {
      if (!known.contains(name))
        throw new UsageException(KeySuggester.unknown("image", name, known));
    }
    return config.images().stream()
        .filter(image -> names.isEmpty() || names.contains(image.ref()))
        .toList();
  }
}
