package dev.devd.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists the strings of an object that devd treats as image refs: container images and image volumes
 * of its pod template, container env values, and the values at its custom kind's image paths. It
 * reads what the renderer replaces.
 */
final class ImageFinder {
  private ImageFinder() {}

  static List<ImageSighting> find(K8sObject object, RenderOptions options) {
    List<ImageSighting> found = new ArrayList<>();
    for (Map<String, Object> container : PodTemplateLocator.containers(object)) {
      if (container.get("image") instanceof String image) {
        found.add(new ImageSighting(image, ImageSighting.Where.CONTAINER, object));
      }
      if (container.get("env") instanceof List<?> env) {
        for (Object variable : env) {
          if (variable instanceof Map<?, ?> map && map.get("value") instanceof String value) {
            found.add(new ImageSighting(value, ImageSighting.Where.ENV_VALUE, object));
          }
        }
      }
    }
    for (String image : PodTemplateLocator.imageVolumeRefs(object)) {
      found.add(new ImageSighting(image, ImageSighting.Where.VOLUME, object));
    }
    for (CustomKind kind : options.customKinds()) {
      if (!kind.matches(object)) continue;
      for (ImageJsonPath path : kind.imagePaths()) {
        for (String image : path.read(object.body())) {
          found.add(new ImageSighting(image, ImageSighting.Where.KIND_PATH, object));
        }
      }
    }
    return found;
  }

  /**
   * The configured ref that a sighting deploys, if any: container images, image volumes and kind
   * paths match any configured image; env values only images with {@code matchInEnvVars}.
   */
  static Optional<String> configuredRef(ImageSighting sighting, RenderOptions options) {
    Optional<String> ref = options.images().match(sighting.image());
    if (sighting.where() == ImageSighting.Where.ENV_VALUE)
      return ref.filter(options.envVarImages()::contains);
    return ref;
  }
}
