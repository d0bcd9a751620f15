package dev.devd.status;

import dev.devd.runtime.PodSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one resource of a running {@code devd up} looks at a moment: what it is, whether it is
 * enabled, the pass running now, its last passes, the ref it runs, its pods and links, and the
 * changes waiting for its next pass.
 *
 * @param kind {@code image}, {@code local} or {@code kubernetes}, as the engine registered it
 * @param triggerMode {@code auto} or {@code manual}, as the engine registered it
 * @param labels the resource's {@code labels} from devd.yaml, which group resources on the status
 *     page
 * @param enabled false while the user has disabled the resource: it is not watched or updated
 * @param history the last {@link StatusBoard#HISTORY} finished passes, oldest first
 * @param deployedRef the ref the last successful build or deploy put in place; a failed pass leaves
 *     it, as it leaves the deployment running, and so does a live update, which changes files in
 *     its containers, not the ref
 * @param liveUpdate the newest live update since {@code deployedRef} was deployed, if any
 * @param pendingChanges changed files that wait for the next update (a manual resource collects
 *     them until triggered)
 * @param links port-forwards and configured links, as the engine gave them
 */
public record ResourceStatus(
    String name,
    String kind,
    String triggerMode,
    List<String> labels,
    boolean enabled,
    ResourceState state,
    Optional<CurrentPass> currentPass,
    List<FinishedPass> history,
    Optional<String> deployedRef,
    Optional<LiveUpdate> liveUpdate,
    List<PodSnapshot> pods,
    int pendingChanges,
    List<ResourceLink> links) {

  public ResourceStatus {
    labels = List.copyOf(labels);
    history = List.copyOf(history);
    pods = List.copyOf(pods);
    links = List.copyOf(links);
  }

  /** How the newest finished pass went. */
  public Optional<FinishedPass> lastPass() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
  }

  /** The pass running now: why it started, what it does, and when. */
  public record CurrentPass(String reason, PassKind kind, Instant startedAt) {}

  /**
   * One finished pass: why and when it started, what it did, how long it took, and how it ended;
   * {@code error} is set when it failed, {@code deployedRef} when it deployed, {@code syncedFiles}
   * counts the files a live update copied.
   */
  public record FinishedPass(
      String reason,
      PassKind kind,
      Instant startedAt,
      Duration duration,
      boolean ok,
      Optional<String> error,
      Optional<String> deployedRef,
      int syncedFiles) {
    public Instant finishedAt() {
      return startedAt.plus(duration);
    }
  }

  /** Files copied into the running containers without a new image: how many, and when. */
  public record LiveUpdate(int files, Instant at) {}
}
