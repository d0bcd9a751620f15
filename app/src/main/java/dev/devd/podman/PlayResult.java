package dev.devd.podman;

import java.util.List;

/**
 * What {@code podman kube play} created: one pod per Pod or Deployment object, each with its
 * containers.
 */
public record PlayResult(List<PlayedPod> pods) {
  public PlayResult {
    pods = List.copyOf(pods);
  }

  /**
   * One pod podman created.
   *
   * @param containers podman's names of its containers, without the infra container
   */
  public record PlayedPod(String id, String name, List<String> containers) {
    public PlayedPod {
      containers = List.copyOf(containers);
    }
  }
}
