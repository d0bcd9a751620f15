package dev.devd.config;

import java.util.List;

/** Options for one deployed resource, from {@code resources: {NAME: {...}}} (SPEC §5). */
public record ResourceOptions(
    List<String> portForwards, TriggerMode triggerMode, List<String> resourceDeps, List<String> labels,
    SourceLocation location) {

  public static final ResourceOptions DEFAULTS =
      new ResourceOptions(List.of(), TriggerMode.AUTO, List.of(), List.of(), SourceLocation.UNKNOWN);

  public ResourceOptions {
    portForwards = List.copyOf(portForwards);
    resourceDeps = List.copyOf(resourceDeps);
    labels = List.copyOf(labels);
  }

  /** Whether a change starts an update by itself ({@code auto}) or waits for {@code devd trigger} ({@code manual}). */
  public enum TriggerMode { AUTO, MANUAL }
}
