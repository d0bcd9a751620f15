package dev.devd.status;

import dev.devd.runtime.PodSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one resource of a running {@code devd up} looks at a moment: what it is, the update running now, how the last
 * one ended, the ref it runs, its pods, and the changes waiting for its next update.
 *
 * @param kind {@code image}, {@code local} or {@code kubernetes}, as the engine registered it
 * @param triggerMode {@code auto} or {@code manual}, as the engine registered it
 * @param labels the resource's {@code labels} from devd.yaml, which group resources on the status page
 * @param deployedRef the ref the last successful update deployed; a failed update leaves it, as it leaves the
 *     deployment running
 * @param pendingChanges changed files that wait for the next update (a manual resource collects them until triggered)
 */
public record ResourceStatus(String name, String kind, String triggerMode, List<String> labels, ResourceState state,
    Optional<CurrentPass> currentPass, Optional<LastPass> lastPass, Optional<String> deployedRef,
    List<PodSnapshot> pods, int pendingChanges) {

  public ResourceStatus {
    labels = List.copyOf(labels);
    pods = List.copyOf(pods);
  }

  /** The update running now: why it started and when. */
  public record CurrentPass(String reason, Instant startedAt) {}

  /** How the last finished update went; {@code error} is set when it failed. */
  public record LastPass(String reason, Instant startedAt, Duration duration, boolean ok, Optional<String> error,
      Optional<String> deployedRef) {
    public Instant finishedAt() {
      return startedAt.plus(duration);
    }
  }
}
