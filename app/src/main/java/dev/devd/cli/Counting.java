package dev.devd.cli;

import dev.devd.config.ProjectConfig;
import dev.devd.engine.ProjectModel;

/** Short English summaries of what a config holds: {@code 2 images and 1 local resource}. */
final class Counting {
  private Counting() {}

  static String of(int count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }

  static String summary(ProjectConfig config) {
    String images = of(config.images().size(), "image", "images");
    String locals = of(config.localResources().size(), "local resource", "local resources");
    return images + " and " + locals;
  }

  /** What {@code devd up} keeps up to date: {@code 2 resources, 3 images and 1 local resource}. */
  static String summary(ProjectModel model) {
    if (!model.deploys()) return summary(model.config());
    return of(model.resources().size(), "resource", "resources") + ", " + summary(model.config());
  }
}
