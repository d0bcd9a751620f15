package dev.devd.image;

import java.util.Objects;

/**
 * Whether devd pushes the images it tags, and why: the engine decides it per runtime (a cluster
 * that pulls from a registry needs the push, podman runs images from its own store), and the reason
 * is shown when the push is skipped.
 *
 * @param push whether to push
 * @param reason why, in words that finish "Skipping push: …" or "Pushing because …"
 */
public record PushPolicy(boolean push, String reason) {
  public PushPolicy {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank())
      throw new IllegalArgumentException("a push policy needs a reason a user can read");
  }

  public static PushPolicy push(String reason) {
    return new PushPolicy(true, reason);
  }

  public static PushPolicy skip(String reason) {
    return new PushPolicy(false, reason);
  }

  /** The podman runtime runs images straight from the local store that built them. */
  public static PushPolicy podmanRuntime() {
    return skip("the podman runtime runs images from the local store");
  }
}
