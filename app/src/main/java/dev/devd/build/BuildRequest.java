package dev.devd.build;

import dev.devd.config.ImageConfig;
import dev.devd.image.ImageRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One build of one image: the temporary ref the command must produce, the registry in effect, and the deployed refs
 * of the images it depends on (in the order of its {@code imageDeps}).
 */
public record BuildRequest(ImageConfig image, ImageRef expectedRef, Optional<String> registry, Map<String, ImageRef> imageDeps) {
  public BuildRequest {
    imageDeps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imageDeps));
  }
}
