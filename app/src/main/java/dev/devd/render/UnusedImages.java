package dev.devd.render;

import dev.devd.config.ConfigProblem;
import dev.devd.config.ImageConfig;
import dev.devd.config.KeySuggester;
import dev.devd.config.ProjectConfig;
import dev.devd.image.ImageRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds images configured in devd.yaml that no Kubernetes YAML uses (SPEC §5) and says why, naming
 * the closest ref the YAML has: {@code devd.yaml:3:10: images[1].ref: "my-ap" is not used by any
 * Kubernetes YAML; did you mean "my-app" (k8s/web.yaml)?} Images other images build on ({@code
 * imageDeps}) are used by those builds, and a project without {@code k8sYaml} only builds images,
 * so neither is reported. {@code devd up} shows them as warnings; {@code devd validate} counts them
 * as problems.
 */
public final class UnusedImages {

  /** One warning per unused image, in devd.yaml order: the lines of {@link #problems}. */
  public List<String> warnings(
      ProjectConfig config,
      ParsedManifests manifests,
      List<K8sResource> resources,
      RenderOptions options) {
    return problems(config, manifests, resources, options).stream()
        .map(ConfigProblem::format)
        .toList();
  }

  /** One problem per unused image, in devd.yaml order, at its {@code ref}. */
  public List<ConfigProblem> problems(
      ProjectConfig config,
      ParsedManifests manifests,
      List<K8sResource> resources,
      RenderOptions options) {
    if (config.k8sYaml().isEmpty()) return List.of();
    Set<String> used = new HashSet<>();
    for (K8sResource resource : resources) used.addAll(resource.imageRefs());
    for (ImageConfig image : config.images()) used.addAll(image.imageDeps());
    List<ImageSighting> sightings = new ArrayList<>();
    for (K8sObject object : manifests.objects())
      sightings.addAll(ImageFinder.find(object, options));

    List<ConfigProblem> problems = new ArrayList<>();
    for (ImageConfig image : config.images()) {
      if (used.contains(image.ref())) continue;
      Optional<ImageRef> configured = ImageMatcher.parse(image.ref());
      if (configured.isEmpty()) continue; // devd.yaml validation reports refs that do not parse
      problems.add(
          new ConfigProblem(
              config.shownName(),
              config.locate(image.yamlPath() + ".ref"),
              "\"" + image.ref() + "\" is not used by any Kubernetes YAML",
              hint(configured.get(), manifests, sightings, options)));
    }
    return problems;
  }

  private static String hint(
      ImageRef configured,
      ParsedManifests manifests,
      List<ImageSighting> sightings,
      RenderOptions options) {
    for (ImageSighting sighting : sightings) {
      if (sighting.where() == ImageSighting.Where.ENV_VALUE
          && refersTo(sighting.image(), configured)) {
        return "it is an env value in "
            + manifests.shown(sighting.object().source())
            + ", which devd replaces only with matchInEnvVars: true on this image";
      }
    }
    Optional<String> elsewhere = unknownPlace(configured, manifests, options);
    if (elsewhere.isPresent()) return elsewhere.get();
    Map<String, String> candidates = new LinkedHashMap<>();
    for (ImageSighting sighting : sightings) {
      if (sighting.where() == ImageSighting.Where.ENV_VALUE) continue;
      Optional<ImageRef> seen = ImageMatcher.parse(sighting.image());
      if (seen.isEmpty()) continue;
      String file = manifests.shown(sighting.object().source());
      boolean sameName =
          ImageMatcher.familiarName(seen.get()).equals(ImageMatcher.familiarName(configured));
      if (configured.isTagged() && sameName) {
        return "the YAML uses \""
            + sighting.image()
            + "\" ("
            + file
            + "); a ref with a tag matches only that tag";
      }
      if (!sameName && seen.get().path().equals(configured.path())) {
        return "the YAML uses \""
            + sighting.image()
            + "\" ("
            + file
            + "); the registry is part of the name, so write"
            + " the ref as the YAML does";
      }
      candidates.putIfAbsent(configured.isTagged() ? sighting.image() : seen.get().name(), file);
    }
    String wanted = configured.isTagged() ? configured.toString() : configured.name();
    Optional<String> closest = KeySuggester.closest(wanted, candidates.keySet());
    if (closest.isPresent())
      return "did you mean \"" + closest.get() + "\" (" + candidates.get(closest.get()) + ")?";
    return "check the ref, and that k8sYaml names the files that use it";
  }

  /**
   * Where the image stands in an object devd does not look into for images: a kind missing from
   * {@code k8sKinds}, or one whose {@code imageJsonPath} misses it. Only custom resources (objects
   * of a non-core API group) are searched: workloads' images are read from their containers, and a
   * ConfigMap value that happens to equal the ref is no use.
   */
  private static Optional<String> unknownPlace(
      ImageRef configured, ParsedManifests manifests, RenderOptions options) {
    for (K8sObject object : manifests.objects()) {
      if (PodTemplateLocator.hasPodTemplate(object.kind()) || object.group().isEmpty()) continue;
      Optional<String> path = find(object.body(), new StringBuilder(), configured);
      if (path.isEmpty()) continue;
      String place =
          "\""
              + object.kind()
              + "\" objects use it ("
              + manifests.shown(object.source())
              + ", at {"
              + path.get()
              + "})";
      return Optional.of(
          options.isCustomKind(object)
              ? place
                  + ", but the imageJsonPath of that kind in k8sKinds does not reach it; add that path"
              : place
                  + ", and devd does not know where their images are; add the kind to k8sKinds with that"
                  + " imageJsonPath");
    }
    return Optional.empty();
  }

  private static Optional<String> find(Object node, StringBuilder path, ImageRef configured) {
    if (node instanceof String text) {
      return refersTo(text, configured) ? Optional.of(path.toString()) : Optional.empty();
    }
    int length = path.length();
    try {
      if (node instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String key = String.valueOf(entry.getKey());
          path.setLength(length);
          path.append(key.matches("[A-Za-z0-9_-]+") ? "." + key : "['" + key + "']");
          Optional<String> found = find(entry.getValue(), path, configured);
          if (found.isPresent()) return found;
        }
      } else if (node instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          path.setLength(length);
          path.append('[').append(i).append(']');
          Optional<String> found = find(list.get(i), path, configured);
          if (found.isPresent()) return found;
        }
      }
      return Optional.empty();
    } finally {
      path.setLength(length);
    }
  }

  private static boolean refersTo(String text, ImageRef configured) {
    // Most strings in YAML are no image ref; a cheap check spares parsing them.
    if (text.isEmpty() || text.length() > 255 || text.indexOf(' ') >= 0) return false;
    return ImageMatcher.parse(text)
        .map(seen -> ImageMatcher.matches(configured, seen))
        .orElse(false);
  }
}
