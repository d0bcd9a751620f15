package dev.devd.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code localResources:}: a command on the host (no image), rerun when its deps
 * change, and an optional long-running {@code serveCmd} restarted after each successful {@code
 * cmd}.
 *
 * @param autoInit false: the resource waits for a trigger instead of running at start
 * @param links http(s) URLs to show with the resource
 */
public record LocalResourceConfig(
    String name,
    Optional<Cmd> cmd,
    Optional<Cmd> serveCmd,
    List<Path> deps,
    List<String> ignore,
    Path dir,
    Map<String, String> env,
    Optional<Duration> timeout,
    List<String> resourceDeps,
    boolean autoInit,
    List<String> links,
    int index,
    SourceLocation location) {

  public LocalResourceConfig {
    deps = List.copyOf(deps);
    ignore = List.copyOf(ignore);
    env = Map.copyOf(env);
    resourceDeps = List.copyOf(resourceDeps);
    links = List.copyOf(links);
  }

  public String yamlPath() {
    return "localResources[" + index + "]";
  }
}
