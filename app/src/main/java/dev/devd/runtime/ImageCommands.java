package dev.devd.runtime;

import dev.devd.image.ImageCommand;
import dev.devd.image.ImageRef;
import java.util.Optional;

/**
 * The role of saying what a deployed image runs by itself (its entrypoint and cmd), for {@code
 * restartProcess} on a container whose YAML names no command: read from the local image store the
 * runtime's images come from.
 */
public interface ImageCommands {
  /**
   * The image's entrypoint and cmd, or empty when devd cannot see the image from here (or its store
   * fails).
   */
  Optional<ImageCommand> of(ImageRef image);
}
