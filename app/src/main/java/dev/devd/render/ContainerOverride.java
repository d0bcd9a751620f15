package dev.devd.render;

import java.util.List;
import java.util.Optional;

/**
 * What an image's {@code entrypoint} and {@code containerArgs} put into every container that runs
 * it, with Tilt's semantics (tilt-dev/tilt#2918): each one set replaces the container's {@code
 * command} or {@code args}; one not set leaves them as the YAML has them.
 *
 * @param command the argv that replaces {@code command}
 * @param args what replaces {@code args}; an empty list clears them
 */
public record ContainerOverride(Optional<List<String>> command, Optional<List<String>> args) {
  public static final ContainerOverride NONE =
      new ContainerOverride(Optional.empty(), Optional.empty());

  public ContainerOverride {
    command = command.map(List::copyOf);
    args = args.map(List::copyOf);
  }

  boolean isNone() {
    return command.isEmpty() && args.isEmpty();
  }
}
