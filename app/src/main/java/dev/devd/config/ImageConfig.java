package dev.devd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code images:}: how to build an image with a custom command and which paths rebuild
 * it.
 *
 * @param ref the image name as it appears in the Kubernetes YAML, as written (parsed into an
 *     ImageRef later)
 * @param deps absolute, normalized paths (files or folders)
 * @param ignore .dockerignore-style patterns, evaluated relative to each folder dep
 * @param dir absolute working folder of the command
 * @param entrypoint replaces {@code command} of every container running this image, in any YAML
 *     source (Tilt's {@code entrypoint}); a string runs through {@code sh -c}
 * @param containerArgs replaces {@code args} of those containers (Tilt's {@code container_args});
 *     an empty list clears them
 * @param autoInit false: the image waits for a trigger instead of building at start
 * @param keep how many of its content tags devd keeps in the local store ({@code images[].keep});
 *     empty: the global {@code keep}, see {@link ProjectConfig#keep(ImageConfig)}
 * @param index position in {@code images:}, for messages such as {@code images[0].deps}
 */
public record ImageConfig(
    String ref,
    Cmd command,
    Optional<Cmd> commandBat,
    List<Path> deps,
    List<String> ignore,
    boolean disablePush,
    boolean skipsLocalDocker,
    Optional<String> tag,
    Optional<Path> outputsImageRefTo,
    Map<String, String> env,
    Path dir,
    List<String> imageDeps,
    boolean matchInEnvVars,
    List<LiveUpdateStep> liveUpdate,
    Optional<Duration> timeout,
    Optional<Cmd> entrypoint,
    Optional<List<String>> containerArgs,
    boolean autoInit,
    Optional<Integer> keep,
    int index,
    SourceLocation location) {

  public ImageConfig {
    deps = List.copyOf(deps);
    ignore = List.copyOf(ignore);
    env = Map.copyOf(env);
    imageDeps = List.copyOf(imageDeps);
    liveUpdate = List.copyOf(liveUpdate);
    containerArgs = containerArgs.map(List::copyOf);
  }

  /** The YAML path of this entry, such as {@code images[2]}. */
  public String yamlPath() {
    return "images[" + index + "]";
  }
}
