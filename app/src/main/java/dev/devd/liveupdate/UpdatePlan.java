package dev.devd.liveupdate;

import java.util.Objects;

/**
 * How an image's changed files reach its containers: copied in by a live update, or by a full build
 * and deploy.
 */
public sealed interface UpdatePlan {
  /** Copy the changes into the running containers. */
  record LiveUpdate(SyncPlan plan) implements UpdatePlan {
    public LiveUpdate {
      Objects.requireNonNull(plan, "plan");
    }
  }

  /** Build the image and deploy it again, for the reason given (in words, for the terminal). */
  record FullUpdate(String reason) implements UpdatePlan {
    public FullUpdate {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
