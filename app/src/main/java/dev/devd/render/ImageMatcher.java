package dev.devd.render;

import dev.devd.image.ImageRef;
import dev.devd.image.InvalidImageRefException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which configured image ({@code images[].ref} of devd.yaml) an image string in Kubernetes
 * YAML refers to. A configured ref without tag matches its repository with any tag or digest
 * ({@code my-app} matches {@code my-app}, {@code my-app:v1}, {@code my-app@sha256:…}); a configured
 * ref with a tag matches only that tag. Docker Hub names are compared in their familiar form, as
 * Docker and Tilt do: {@code nginx} is {@code docker.io/library/nginx}. Strings that are no valid
 * image reference match nothing.
 */
public final class ImageMatcher {
  private static final String DOCKER_HUB = "docker.io";

  private record Configured(String ref, ImageRef parsed, String name) {}

  // Tagged refs first: "my-app:v1" wins over "my-app" for the string "my-app:v1", whatever the
  // order in devd.yaml.
  private final List<Configured> configured;
  private final List<String> refs;
  // The same strings come back on every render (one per container); parsing them once keeps
  // rendering cheap.
  private final Map<String, Optional<String>> matches = new ConcurrentHashMap<>();

  private ImageMatcher(List<Configured> configured, List<String> refs) {
    this.configured = configured;
    this.refs = refs;
  }

  /**
   * A matcher for these configured refs, as written in devd.yaml; refs that do not parse are left
   * out.
   */
  public static ImageMatcher of(List<String> configuredRefs) {
    List<Configured> parsed = new ArrayList<>();
    for (String ref : configuredRefs) {
      parse(ref).ifPresent(image -> parsed.add(new Configured(ref, image, familiarName(image))));
    }
    parsed.sort(Comparator.comparing((Configured c) -> !c.parsed().isTagged()));
    return new ImageMatcher(List.copyOf(parsed), List.copyOf(configuredRefs));
  }

  /** The configured refs this matcher was made from, in devd.yaml order. */
  public List<String> configuredRefs() {
    return refs;
  }

  /** The configured ref (as written in devd.yaml) that {@code image} refers to, if any. */
  public Optional<String> match(String image) {
    Optional<String> known = matches.get(image);
    if (known != null) return known;
    Optional<String> found =
        parse(image)
            .flatMap(
                candidate -> {
                  String name = familiarName(candidate);
                  for (Configured c : configured) {
                    if (c.name().equals(name) && sameVersion(c.parsed(), candidate))
                      return Optional.of(c.ref());
                  }
                  return Optional.empty();
                });
    matches.put(image, found);
    return found;
  }

  /**
   * Whether {@code candidate} (an image in YAML) is the image {@code configured} names, by the
   * rules above.
   */
  public static boolean matches(ImageRef configured, ImageRef candidate) {
    return familiarName(configured).equals(familiarName(candidate))
        && sameVersion(configured, candidate);
  }

  /**
   * Registry and path the way Docker resolves them: {@code web} is {@code docker.io/library/web}.
   */
  static String familiarName(ImageRef ref) {
    String registry = ref.registry().orElse(DOCKER_HUB);
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io"))
      registry = DOCKER_HUB;
    String path =
        registry.equals(DOCKER_HUB) && !ref.path().contains("/")
            ? "library/" + ref.path()
            : ref.path();
    return registry + "/" + path;
  }

  private static boolean sameVersion(ImageRef configured, ImageRef candidate) {
    return (configured.tag().isEmpty() || configured.tag().equals(candidate.tag()))
        && (configured.digest().isEmpty() || configured.digest().equals(candidate.digest()));
  }

  static Optional<ImageRef> parse(String text) {
    try {
      return Optional.of(ImageRef.parse(text));
    } catch (InvalidImageRefException e) {
      return Optional.empty();
    }
  }
}
