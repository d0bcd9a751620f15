package dev.devd.image;

import java.util.List;

/**
 * What an image runs when its container names no command: its {@code Entrypoint} and {@code Cmd},
 * each empty when the image sets none. Kubernetes runs the entrypoint followed by the container's
 * {@code args}, or by the cmd when there are none; a container's {@code command} replaces both.
 */
public record ImageCommand(List<String> entrypoint, List<String> cmd) {
  public ImageCommand {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
  }
}
