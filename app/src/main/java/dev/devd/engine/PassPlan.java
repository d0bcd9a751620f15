package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.SyncPlan;
import java.util.List;

/**
 * What one pass of a deployed resource does, chosen before it starts, and why (in words, for the
 * terminal).
 */
sealed interface PassPlan {
  String reason();

  /** Nothing needs doing: the containers are in step with the sources. */
  record Nothing(String reason) implements PassPlan {}

  /**
   * Build the images whose sources changed (every image of the resource with {@code force}), then
   * render and apply.
   *
   * @param explain whether the terminal shows the reason: it does when the resource could have been
   *     live-updated
   */
  record FullBuild(String reason, boolean force, boolean explain) implements PassPlan {}

  /** Every image is built already: render and apply with the refs at hand. */
  record DeployOnly(String reason) implements PassPlan {}

  /** Copy files into running containers, in this order; no build, no apply. */
  record LiveUpdate(List<ImageSync> syncs, String reason) implements PassPlan {
    public LiveUpdate {
      syncs = List.copyOf(syncs);
      if (syncs.isEmpty())
        throw new IllegalArgumentException("a live update needs at least one sync");
    }
  }

  /**
   * One image's sync into some of its containers.
   *
   * @param initial whether this is the image's {@code initialSync} into containers that started
   *     since devd last looked
   */
  record ImageSync(
      ImageConfig image, SyncPlan plan, List<ContainerRef> containers, boolean initial) {
    public ImageSync {
      containers = List.copyOf(containers);
    }
  }
}
