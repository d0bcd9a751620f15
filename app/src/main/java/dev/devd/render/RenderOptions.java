package dev.devd.render;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ImageConfig;
import dev.devd.config.K8sKind;
import dev.devd.config.ProjectConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What grouping and rendering need to know from devd.yaml, prepared once per config load: which
 * image strings are configured images, which of those are also replaced in env values ({@code
 * matchInEnvVars}), the custom kinds, and the {@code entrypoint} and {@code containerArgs} of the
 * images.
 *
 * @param envVarImages configured refs (as written) whose image has {@code matchInEnvVars: true}
 * @param overrides by configured ref (as written), for the images that set {@code entrypoint} or
 *     {@code containerArgs}
 */
public record RenderOptions(
    ImageMatcher images,
    Set<String> envVarImages,
    List<CustomKind> customKinds,
    Map<String, ContainerOverride> overrides) {
  public RenderOptions {
    envVarImages = Set.copyOf(envVarImages);
    customKinds = List.copyOf(customKinds);
    overrides = Map.copyOf(overrides);
  }

  /**
   * The options of a loaded devd.yaml; fails when an {@code imageJsonPath} is not a path devd
   * understands.
   */
  public static RenderOptions of(ProjectConfig config) throws ManifestException {
    Set<String> envVarImages = new LinkedHashSet<>();
    Map<String, ContainerOverride> overrides = new HashMap<>();
    for (ImageConfig image : config.images()) {
      if (image.matchInEnvVars()) envVarImages.add(image.ref());
      // The containers run Linux whatever the host is: a string entrypoint goes through sh -c.
      ContainerOverride override =
          new ContainerOverride(
              image.entrypoint().map(cmd -> cmd.toArgv(false)), image.containerArgs());
      if (!override.isNone()) overrides.put(image.ref(), override);
    }
    List<ConfigProblem> problems = new ArrayList<>();
    List<CustomKind> kinds = new ArrayList<>();
    for (int k = 0; k < config.k8sKinds().size(); k++) {
      K8sKind kind = config.k8sKinds().get(k);
      List<ImageJsonPath> paths = new ArrayList<>();
      for (int i = 0; i < kind.imageJsonPath().size(); i++) {
        String text = kind.imageJsonPath().get(i);
        try {
          paths.add(ImageJsonPath.parse(text));
        } catch (IllegalArgumentException e) {
          problems.add(
              new ConfigProblem(
                  config.shownName(),
                  config.locate("k8sKinds[" + k + "].imageJsonPath[" + i + "]"),
                  "\"" + text + "\" is not a JSON path devd understands (" + e.getMessage() + ")",
                  "write it like {.spec.image} or {.spec.containers[*].image}"));
        }
      }
      kinds.add(new CustomKind(kind.kind(), kind.apiVersion(), paths));
    }
    if (!problems.isEmpty()) throw new ManifestException(problems);
    return new RenderOptions(
        ImageMatcher.of(config.images().stream().map(ImageConfig::ref).toList()),
        envVarImages,
        kinds,
        overrides);
  }

  /** Whether {@code object} is of a kind named in {@code k8sKinds:}. */
  public boolean isCustomKind(K8sObject object) {
    for (CustomKind kind : customKinds) {
      if (kind.matches(object)) return true;
    }
    return false;
  }
}
