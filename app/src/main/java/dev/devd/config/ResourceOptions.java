package dev.devd.config;

import java.util.List;

/**
 * Options for one deployed resource, from {@code resources: {NAME: {...}}} (SPEC §5, §11.1).
 *
 * @param autoInit false: the resource waits for a trigger instead of updating at start
 * @param links http(s) URLs to show with the resource
 */
public record ResourceOptions(
    List<String> portForwards,
    TriggerMode triggerMode,
    List<String> resourceDeps,
    List<String> labels,
    boolean autoInit,
    List<String> links,
    SourceLocation location) {

  public static final ResourceOptions DEFAULTS =
      new ResourceOptions(
          List.of(),
          TriggerMode.AUTO,
          List.of(),
          List.of(),
          true,
          List.of(),
          SourceLocation.UNKNOWN);

  public ResourceOptions {
    portForwards = List.copyOf(portForwards);
    resourceDeps = List.copyOf(resourceDeps);
    labels = List.copyOf(labels);
    links = List.copyOf(links);
  }

  /**
   * Whether a change starts an update by itself ({@code auto}) or waits for {@code devd trigger}
   * ({@code manual}).
   */
  public enum TriggerMode {
    AUTO,
    MANUAL
  }
}
