package dev.devd.image;

import dev.devd.config.ImageConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registry devd's images go to, if any (SPEC §4): the cluster's own registry when one was
 * discovered, else {@code defaultRegistry} from devd.yaml. It decides the name every image is built
 * and deployed under, so the engine asks only here: {@code gcr.io/team/web} with {@code
 * localhost:5000} becomes {@code localhost:5000/gcr.io_team_web}.
 *
 * @param registry a registry host with optional port ({@code localhost:5000}), optionally followed
 *     by a path prefix under which all images go ({@code gcr.io/my-project}); empty when images
 *     keep their own names
 */
public record RegistryTarget(Optional<String> registry) {

  public RegistryTarget {
    registry.ifPresent(RegistryTarget::check);
  }

  /** No registry: images are built and deployed under the names the project gives them. */
  public static RegistryTarget none() {
    return new RegistryTarget(Optional.empty());
  }

  /**
   * The registry in effect: the cluster's discovered one wins over devd.yaml's {@code
   * defaultRegistry}.
   */
  public static RegistryTarget of(
      Optional<String> defaultRegistry, Optional<String> clusterRegistry) {
    return new RegistryTarget(
        clusterRegistry
            .filter(r -> !r.isBlank())
            .or(() -> defaultRegistry.filter(r -> !r.isBlank())));
  }

  /**
   * The host (and port) of the registry, without any path prefix: {@code gcr.io} for {@code
   * gcr.io/my-project}.
   */
  public Optional<String> host() {
    return registry.map(r -> r.contains("/") ? r.substring(0, r.indexOf('/')) : r);
  }

  /**
   * {@code image} under the registry: {@code <registry>/<name with / : @ as _>}, keeping its tag
   * and digest. A name that already starts with the registry only loses that prefix before
   * escaping, as YAML sometimes names the local registry itself. Without a registry the image is
   * returned as it is.
   */
  public ImageRef rewrite(ImageRef image) {
    if (registry.isEmpty()) return image;
    String full = registry.get();
    String name = image.name();
    if (name.startsWith(full + "/")) name = name.substring(full.length() + 1);
    String escaped = name.replace('/', '_').replace(':', '_').replace('@', '_');
    String host = host().orElseThrow();
    String prefix = full.length() > host.length() ? full.substring(host.length() + 1) + "/" : "";
    return new ImageRef(Optional.of(host), prefix + escaped, image.tag(), image.digest());
  }

  /**
   * The ref a build of {@code image} must produce ({@code EXPECTED_REF}): its name under the
   * registry with the temporary {@code buildTag} ({@code devd-build-<unix s>}).
   */
  public ImageRef expectedRef(ImageConfig image, String buildTag) {
    return rewrite(ImageRef.parse(image.ref()).withoutTagOrDigest()).withTag(buildTag);
  }

  /**
   * What a build command is told about the registry: {@code EXPECTED_REGISTRY} (the registry with
   * any path prefix, to put before an image name) and {@code REGISTRY_HOST} (only the host and
   * port, for {@code docker login} and the like). Empty without a registry.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    registry.ifPresent(
        r -> {
          env.put("EXPECTED_REGISTRY", r);
          env.put("REGISTRY_HOST", host().orElseThrow());
        });
    return env;
  }

  private static void check(String registry) {
    String problem = null;
    if (registry.contains("://")) {
      problem = "write the host without a scheme, e.g. localhost:5000";
    } else if (registry.endsWith("/")) {
      problem = "remove the trailing /";
    } else {
      try {
        ImageRef probe = ImageRef.parse(registry + "/x");
        if (probe.registry().isEmpty()) {
          problem =
              "\""
                  + registry.split("/")[0]
                  + "\" is not a registry host; give a domain or a port (e.g. "
                  + registry.split("/")[0]
                  + ":5000), or localhost";
        }
      } catch (InvalidImageRefException e) {
        problem = e.reason();
      }
    }
    if (problem != null)
      throw new IllegalArgumentException("invalid registry \"" + registry + "\": " + problem);
  }
}
