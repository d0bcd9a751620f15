package dev.devd.k8s;

import dev.devd.config.DurationFormatter;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Waits, for {@code devd ci}, until every workload that was applied is healthy, a problem shows
 * that it will not be (then at once), or a timeout passes. Healthy means: Deployments,
 * StatefulSets, ReplicaSets and DaemonSets have their pods ready (found by the workload's selector
 * among the resource's pods) and, where the server keeps their status, a finished rollout; Jobs
 * have succeeded; bare Pods are ready or succeeded; CronJobs only need to exist. Everything is
 * watched (one informer per workload and one for each resource's pods), nothing is polled.
 */
public final class ReadinessWaiter {
  private final KubernetesClient client;

  public ReadinessWaiter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Blocks until the workloads of {@code applied} are healthy, one fails, or {@code timeout}
   * passes.
   */
  public ReadinessResult await(List<AppliedResources> applied, Duration timeout)
      throws InterruptedException {
    Semaphore changes = new Semaphore(0);
    List<ResourceWatch> watches = new ArrayList<>();
    try {
      for (AppliedResources resource : applied) {
        ResourceWatch watch = new ResourceWatch(resource);
        watches.add(watch);
        watch.start(changes);
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        // Drained before judging, so a change that lands while judging wakes the next round instead
        // of being lost.
        changes.drainPermits();
        List<Verdict> verdicts = watches.stream().map(ResourceWatch::judge).toList();
        Optional<Verdict> failed =
            verdicts.stream().filter(v -> v.state == State.FAILED).findFirst();
        if (failed.isPresent())
          return new ReadinessResult(ReadinessResult.Outcome.FAILED, failed.get().message);
        List<Verdict> waiting = verdicts.stream().filter(v -> v.state == State.WAITING).toList();
        if (waiting.isEmpty()) return ReadinessResult.healthy();
        long left = deadline - System.nanoTime();
        if (left <= 0) return timedOut(waiting, timeout);
        changes.tryAcquire(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      watches.forEach(ResourceWatch::close);
    }
  }

  private static ReadinessResult timedOut(List<Verdict> waiting, Duration timeout) {
    Verdict first = waiting.getFirst();
    String message =
        first.resource
            + ": not ready after "
            + DurationFormatter.format(timeout)
            + "; "
            + first.message;
    if (waiting.size() > 1) {
      message +=
          "; also not ready: "
              + String.join(
                  ", ", waiting.subList(1, waiting.size()).stream().map(v -> v.resource).toList());
    }
    return new ReadinessResult(ReadinessResult.Outcome.TIMED_OUT, message);
  }

  private enum State {
    HEALTHY,
    WAITING,
    FAILED
  }

  /**
   * What one resource (or one of its workloads) looks like now; {@code message} says why it is not
   * healthy.
   */
  private record Verdict(String resource, State state, String message) {}

  // Kinds that never run pods by themselves (CronJob runs them only on its schedule): a resource of
  // only these, like
  // uncategorized, is healthy once applied.
  private static final Set<String> PODLESS_KINDS =
      Set.of(
          "Namespace",
          "ConfigMap",
          "Secret",
          "Service",
          "ServiceAccount",
          "Role",
          "RoleBinding",
          "ClusterRole",
          "ClusterRoleBinding",
          "PersistentVolumeClaim",
          "PersistentVolume",
          "Ingress",
          "IngressClass",
          "NetworkPolicy",
          "CustomResourceDefinition",
          "StorageClass",
          "PodDisruptionBudget",
          "HorizontalPodAutoscaler",
          "LimitRange",
          "ResourceQuota",
          "Endpoints",
          "EndpointSlice",
          "PriorityClass",
          "CronJob");

  /** The informers of one applied resource: its pods, and each of its workloads by name. */
  private final class ResourceWatch {
    private final AppliedResources applied;
    private final SharedIndexInformer<Pod> pods;
    private final List<WorkloadWatch> workloads = new ArrayList<>();
    private volatile Throwable lastError;

    ResourceWatch(AppliedResources applied) {
      this.applied = applied;
      this.pods =
          applied.podLabels().isEmpty()
              ? null
              : client
                  .pods()
                  .inNamespace(applied.namespace())
                  .withLabels(applied.podLabels())
                  .runnableInformer(0);
      for (ObjectRef ref : applied.objects()) {
        String namespace =
            ref.namespace() == null || ref.namespace().isEmpty()
                ? applied.namespace()
                : ref.namespace();
        SharedIndexInformer<? extends HasMetadata> informer =
            switch (ref.kind()) {
              case "Deployment" ->
                  client
                      .apps()
                      .deployments()
                      .inNamespace(namespace)
                      .withName(ref.name())
                      .runnableInformer(0);
              case "StatefulSet" ->
                  client
                      .apps()
                      .statefulSets()
                      .inNamespace(namespace)
                      .withName(ref.name())
                      .runnableInformer(0);
              case "DaemonSet" ->
                  client
                      .apps()
                      .daemonSets()
                      .inNamespace(namespace)
                      .withName(ref.name())
                      .runnableInformer(0);
              case "ReplicaSet" ->
                  client
                      .apps()
                      .replicaSets()
                      .inNamespace(namespace)
                      .withName(ref.name())
                      .runnableInformer(0);
              case "Job" ->
                  client
                      .batch()
                      .v1()
                      .jobs()
                      .inNamespace(namespace)
                      .withName(ref.name())
                      .runnableInformer(0);
              case "Pod" ->
                  client.pods().inNamespace(namespace).withName(ref.name()).runnableInformer(0);
              // A CronJob is healthy once it exists (devd applied it); its runs are scheduled
              // later, not waited for.
              default -> null;
            };
        if (informer != null) workloads.add(new WorkloadWatch(ref, informer));
      }
    }

    /**
     * Starts every informer in the background; each change releases a permit of {@code changes}.
     */
    void start(Semaphore changes) {
      if (pods != null) start(pods, changes);
      for (WorkloadWatch workload : workloads) start(workload.informer(), changes);
    }

    private <T extends HasMetadata> void start(SharedIndexInformer<T> informer, Semaphore changes) {
      informer.addEventHandler(
          new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
              changes.release();
            }

            @Override
            public void onUpdate(T old, T object) {
              changes.release();
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
              changes.release();
            }
          });
      informer.exceptionHandler(
          (started, error) -> {
            // Keep trying until the timeout; the last error is named if it comes to that.
            lastError = error;
            changes.release();
            return true;
          });
      informer.start();
    }

    List<Pod> pods() {
      if (pods == null) return List.of();
      return pods.getStore().list().stream()
          .sorted(Comparator.comparing(PodStatusReader::name))
          .toList();
    }

    Verdict judge() {
      String name = applied.resource();
      List<Pod> resourcePods = pods();
      List<Pod> live = resourcePods.stream().filter(p -> !PodStatusReader.terminating(p)).toList();
      for (Pod pod : allPods(live)) {
        Optional<PodStatusReader.Trouble> trouble = PodStatusReader.trouble(pod);
        if (trouble.isPresent()) {
          return new Verdict(
              name,
              State.FAILED,
              name + ": pod " + PodStatusReader.name(pod) + " " + problem(trouble.get()));
        }
      }
      List<Verdict> verdicts = new ArrayList<>();
      for (WorkloadWatch workload : workloads) verdicts.add(workload.judge(name, live));
      if (workloads.isEmpty()
          && applied.objects().stream().anyMatch(o -> !PODLESS_KINDS.contains(o.kind()))
          && pods != null) {
        // Only kinds devd does not know (custom ones): at least one pod, and all of them ready or
        // done.
        boolean done =
            !live.isEmpty()
                && live.stream()
                    .allMatch(p -> PodStatusReader.ready(p) || PodStatusReader.succeeded(p));
        verdicts.add(new Verdict(name, done ? State.HEALTHY : State.WAITING, ""));
      }
      Optional<Verdict> failed = verdicts.stream().filter(v -> v.state == State.FAILED).findFirst();
      if (failed.isPresent()) return failed.get();
      Optional<Verdict> waiting =
          verdicts.stream().filter(v -> v.state == State.WAITING).findFirst();
      if (waiting.isEmpty()) return new Verdict(name, State.HEALTHY, "");
      return new Verdict(name, State.WAITING, waitingMessage(waiting.get().message, resourcePods));
    }

    /** The resource's pods and its bare Pods (which need not carry the resource's labels). */
    private List<Pod> allPods(List<Pod> live) {
      List<Pod> all = new ArrayList<>(live);
      for (WorkloadWatch workload : workloads) {
        if (workload.object() instanceof Pod pod
            && all.stream()
                .noneMatch(p -> PodStatusReader.name(p).equals(PodStatusReader.name(pod)))) {
          all.add(pod);
        }
      }
      return all;
    }

    private String waitingMessage(String detail, List<Pod> resourcePods) {
      List<String> parts = new ArrayList<>();
      if (!detail.isEmpty()) parts.add(detail);
      if (pods != null) {
        parts.add(
            resourcePods.isEmpty()
                ? "no pods"
                : "pods: "
                    + String.join(
                        ", ",
                        resourcePods.stream()
                            .map(p -> PodStatusReader.name(p) + " " + PodStatusReader.summary(p))
                            .toList()));
      }
      Throwable error = lastError;
      if (error != null) parts.add("watching failed: " + PodObserver.innermostMessage(error));
      return String.join("; ", parts);
    }

    void close() {
      if (pods != null) pods.close();
      workloads.forEach(w -> w.informer.close());
    }
  }

  private static String problem(PodStatusReader.Trouble trouble) {
    return switch (trouble.kind()) {
      case CRASH_LOOP ->
          "is crash-looping (container "
              + trouble.container()
              + ", "
              + PodStatusReader.restartsText(trouble.restarts())
              + ")";
      case IMAGE, START -> PodStatusReader.describe(trouble);
    };
  }

  /** One workload object, watched by name. */
  private record WorkloadWatch(ObjectRef ref, SharedIndexInformer<? extends HasMetadata> informer) {
    HasMetadata object() {
      return informer.getStore().list().stream()
          .filter(o -> ref.name().equals(o.getMetadata().getName()))
          .findFirst()
          .orElse(null);
    }

    Verdict judge(String resource, List<Pod> pods) {
      HasMetadata object = object();
      String shown = ref.kind().toLowerCase(java.util.Locale.ROOT) + " " + ref.name();
      if (object == null)
        return new Verdict(resource, State.WAITING, shown + " does not exist (yet)");
      return switch (object) {
        case Deployment d ->
            replicated(
                resource,
                shown,
                d.getSpec().getReplicas(),
                selected(pods, d.getSpec().getSelector()),
                deploymentRollout(d));
        case StatefulSet s ->
            replicated(
                resource,
                shown,
                s.getSpec().getReplicas(),
                selected(pods, s.getSpec().getSelector()),
                statefulSetRollout(s));
        case ReplicaSet r ->
            replicated(
                resource,
                shown,
                r.getSpec().getReplicas(),
                selected(pods, r.getSpec().getSelector()),
                replicaSetRollout(r));
        case DaemonSet d ->
            daemonSet(resource, shown, d, selected(pods, d.getSpec().getSelector()));
        case Job j -> job(resource, shown, j, selected(pods, j.getSpec().getSelector()));
        case Pod p -> pod(resource, shown, p);
        default -> new Verdict(resource, State.HEALTHY, "");
      };
    }
  }

  /**
   * What the server says about a rollout. Not {@code known} when it keeps no status for the object
   * (no observedGeneration, as on a server without controllers); else why it is {@code unfinished}
   * or has a {@code failure}, both null once it is done.
   */
  private record Rollout(boolean known, String unfinished, String failure) {
    static final Rollout UNKNOWN = new Rollout(false, null, null);

    static Rollout finished() {
      return new Rollout(true, null, null);
    }

    static Rollout unfinished(String why) {
      return new Rollout(true, why, null);
    }
  }

  private static Verdict replicated(
      String resource,
      String shown,
      Integer wanted,
      List<Pod> pods,
      Function<Integer, Rollout> rollout) {
    int replicas = wanted == null ? 1 : wanted;
    Rollout state = rollout.apply(replicas);
    if (state.failure != null)
      return new Verdict(resource, State.FAILED, resource + ": " + shown + " " + state.failure);
    long ready = pods.stream().filter(PodStatusReader::ready).count();
    if (ready < replicas) {
      return new Verdict(
          resource, State.WAITING, shown + " has " + ready + " of " + replicas + " pods ready");
    }
    if (state.known && state.unfinished != null)
      return new Verdict(resource, State.WAITING, shown + " " + state.unfinished);
    return new Verdict(resource, State.HEALTHY, "");
  }

  private static Function<Integer, Rollout> deploymentRollout(Deployment d) {
    return replicas -> {
      DeploymentStatus status = d.getStatus();
      if (status == null || status.getObservedGeneration() == null) return Rollout.UNKNOWN;
      for (DeploymentCondition condition : nullSafe(status.getConditions())) {
        if ("Progressing".equals(condition.getType())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          return new Rollout(
              true,
              null,
              "did not roll out within its progress deadline"
                  + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")"));
        }
      }
      if (!caughtUp(d, status.getObservedGeneration()))
        return Rollout.unfinished("waits for the server to see its change");
      int updated = orZero(status.getUpdatedReplicas());
      int available = orZero(status.getAvailableReplicas());
      if (updated < replicas)
        return Rollout.unfinished("has " + updated + " of " + replicas + " replicas updated");
      if (orZero(status.getReplicas()) > updated) {
        return Rollout.unfinished(
            "has " + (orZero(status.getReplicas()) - updated) + " old replicas still running");
      }
      if (available < replicas)
        return Rollout.unfinished("has " + available + " of " + replicas + " replicas available");
      return Rollout.finished();
    };
  }

  private static Function<Integer, Rollout> statefulSetRollout(StatefulSet s) {
    return replicas -> {
      StatefulSetStatus status = s.getStatus();
      if (status == null || status.getObservedGeneration() == null) return Rollout.UNKNOWN;
      if (!caughtUp(s, status.getObservedGeneration()))
        return Rollout.unfinished("waits for the server to see its change");
      if (orZero(status.getReadyReplicas()) < replicas) {
        return Rollout.unfinished(
            "has " + orZero(status.getReadyReplicas()) + " of " + replicas + " replicas ready");
      }
      if (status.getUpdateRevision() != null
          && !status.getUpdateRevision().equals(status.getCurrentRevision())
          && orZero(status.getUpdatedReplicas()) < replicas) {
        return Rollout.unfinished(
            "has " + orZero(status.getUpdatedReplicas()) + " of " + replicas + " replicas updated");
      }
      return Rollout.finished();
    };
  }

  private static Function<Integer, Rollout> replicaSetRollout(ReplicaSet r) {
    return replicas -> {
      ReplicaSetStatus status = r.getStatus();
      if (status == null || status.getObservedGeneration() == null) return Rollout.UNKNOWN;
      if (!caughtUp(r, status.getObservedGeneration()))
        return Rollout.unfinished("waits for the server to see its change");
      if (orZero(status.getReadyReplicas()) < replicas) {
        return Rollout.unfinished(
            "has " + orZero(status.getReadyReplicas()) + " of " + replicas + " replicas ready");
      }
      return Rollout.finished();
    };
  }

  private static Verdict daemonSet(String resource, String shown, DaemonSet d, List<Pod> pods) {
    DaemonSetStatus status = d.getStatus();
    long ready = pods.stream().filter(PodStatusReader::ready).count();
    if (status == null || status.getObservedGeneration() == null) {
      // Without a status there is no telling how many nodes should run one: every pod there is, and
      // at least one.
      boolean healthy = !pods.isEmpty() && ready == pods.size();
      return new Verdict(
          resource,
          healthy ? State.HEALTHY : State.WAITING,
          healthy ? "" : shown + " has " + ready + " of " + pods.size() + " pods ready");
    }
    int desired = orZero(status.getDesiredNumberScheduled());
    if (!caughtUp(d, status.getObservedGeneration())) {
      return new Verdict(
          resource, State.WAITING, shown + " waits for the server to see its change");
    }
    if (orZero(status.getUpdatedNumberScheduled()) < desired) {
      return new Verdict(
          resource,
          State.WAITING,
          shown
              + " has "
              + orZero(status.getUpdatedNumberScheduled())
              + " of "
              + desired
              + " pods updated");
    }
    if (orZero(status.getNumberReady()) < desired || ready < desired) {
      return new Verdict(
          resource,
          State.WAITING,
          shown
              + " has "
              + Math.min(ready, orZero(status.getNumberReady()))
              + " of "
              + desired
              + " pods ready");
    }
    return new Verdict(resource, State.HEALTHY, "");
  }

  private static Verdict job(String resource, String shown, Job j, List<Pod> pods) {
    JobStatus status = j.getStatus();
    int completions = j.getSpec().getCompletions() == null ? 1 : j.getSpec().getCompletions();
    if (status != null) {
      for (JobCondition condition : nullSafe(status.getConditions())) {
        if (!"True".equals(condition.getStatus())) continue;
        if ("Failed".equals(condition.getType())) {
          return new Verdict(
              resource,
              State.FAILED,
              resource
                  + ": "
                  + shown
                  + " failed"
                  + reason(condition.getReason(), condition.getMessage()));
        }
        if ("Complete".equals(condition.getType())) return new Verdict(resource, State.HEALTHY, "");
      }
      if (orZero(status.getSucceeded()) >= completions)
        return new Verdict(resource, State.HEALTHY, "");
    }
    // A server without a Job controller never writes the Job's status; its pods tell the same
    // story.
    long succeeded = pods.stream().filter(PodStatusReader::succeeded).count();
    if (succeeded >= completions) return new Verdict(resource, State.HEALTHY, "");
    return new Verdict(
        resource,
        State.WAITING,
        shown + " has " + succeeded + " of " + completions + " completions");
  }

  private static Verdict pod(String resource, String shown, Pod p) {
    if (PodStatusReader.ready(p) || PodStatusReader.succeeded(p))
      return new Verdict(resource, State.HEALTHY, "");
    if ("Failed".equals(PodStatusReader.phase(p))) {
      return new Verdict(
          resource,
          State.FAILED,
          resource
              + ": "
              + shown
              + " failed ("
              + PodStatusReader.summary(p).replaceFirst("^Failed \\(", "").replaceFirst("\\)$", "")
              + ")");
    }
    return new Verdict(resource, State.WAITING, shown + " is " + PodStatusReader.summary(p));
  }

  private static String reason(String reason, String message) {
    if (reason == null && message == null) return "";
    if (reason == null) return " (" + message + ")";
    return message == null ? " (" + reason + ")" : " (" + reason + ": " + message + ")";
  }

  /** The pods the workload's selector picks (its matchLabels); all of them when it has none. */
  private static List<Pod> selected(List<Pod> pods, LabelSelector selector) {
    if (selector == null
        || selector.getMatchLabels() == null
        || selector.getMatchLabels().isEmpty()) return pods;
    Map<String, String> wanted = selector.getMatchLabels();
    return pods.stream()
        .filter(
            p -> {
              Map<String, String> labels = p.getMetadata().getLabels();
              return labels != null
                  && wanted.entrySet().stream()
                      .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
            })
        .toList();
  }

  private static boolean caughtUp(HasMetadata object, long observedGeneration) {
    Long generation = object.getMetadata().getGeneration();
    return generation == null || observedGeneration >= generation;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
