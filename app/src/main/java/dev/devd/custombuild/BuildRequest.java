package dev.devd.custombuild;

import dev.devd.config.ImageConfig;
import dev.devd.image.ImageRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One build of one image: the temporary ref the command must produce, the variables that name the
 * registry in effect ({@code EXPECTED_REGISTRY}, {@code REGISTRY_HOST}; empty without one), and the
 * deployed refs of the images it depends on (in the order of its {@code imageDeps}).
 */
public record BuildRequest(
    ImageConfig image,
    ImageRef expectedRef,
    Map<String, String> registryEnvironment,
    Map<String, ImageRef> imageDeps) {
  public BuildRequest {
    registryEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(registryEnvironment));
    imageDeps = Collections.unmodifiableMap(new LinkedHashMap<>(imageDeps));
  }
}
