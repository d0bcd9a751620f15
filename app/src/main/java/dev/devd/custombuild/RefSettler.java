package dev.devd.custombuild;

import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import java.util.function.Consumer;

/**
 * Turns a finished build into the ref to deploy (SPEC §4), announcing a push step through {@code
 * startStep}.
 */
public interface RefSettler {
  ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep)
      throws BuildFailedException;

  /** Whether settling this image includes a push step. */
  boolean pushes(ImageConfig image);

  /**
   * Takes the temporary ref {@code expected} of a failed build away where settling would have taken
   * it from (the build may have made the image before it failed); nothing by default.
   */
  default void discard(ImageConfig image, ImageRef expected, ResourceLog log) {}

  /** Images that are only built, not deployed: the build's own ref is the result. */
  RefSettler BUILD_ONLY =
      new RefSettler() {
        @Override
        public ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep) {
          return built.expectedRef();
        }

        @Override
        public boolean pushes(ImageConfig image) {
          return false;
        }
      };
}
