package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.render.DevdLabels;
import dev.devd.render.K8sObject;
import dev.devd.render.RenderedManifests;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one resource's rendered objects to the cluster (SPEC §5): in kind order, each by
 * server-side apply with field manager {@code devd} (or create-or-replace where the server has no
 * apply), listing each as {@code → web:deployment}; then deletes what the resource applied before
 * and no longer renders (pruning), and records what it applied in the context's {@link
 * AppliedState}. One Applier serves a whole session and may be called from several resource loops
 * at once.
 */
public final class Applier {
  /** The label every object devd renders carries, saying devd manages it. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "devd";

  /** The label that names the devd resource an object (and every pod template) belongs to. */
  public static final String RESOURCE_LABEL = "devd.dev/resource";

  private static final Set<String> WORKLOAD_KINDS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod");

  private final KubeTarget target;
  private final AppliedState state;
  private volatile Session session;

  private record Session(
      KubernetesClient client,
      ObjectApplier objects,
      OwnedObjectDeleter deleter,
      KindScopes scopes,
      ApplyChecker checker) {}

  /**
   * An applier for this target that keeps track of what it applied in {@code state} (of the same
   * context).
   */
  public Applier(KubeTarget target, AppliedState state) {
    if (!target.context().equals(state.context())) {
      throw new IllegalArgumentException(
          "state of context " + state.context() + " used for " + target);
    }
    this.target = target;
    this.state = state;
  }

  /**
   * Checks every object of the resource ({@link ApplyChecker}), applies them, then prunes what it
   * no longer renders. When a check fails, nothing is applied, and the message names each object
   * that would fail, its file and line. On a failure of the apply itself (one the checks cannot
   * foresee, such as a server without dry runs refusing a field) nothing is pruned and the message
   * names the object, the server's answer and what to do; objects applied before the failure stay.
   */
  public AppliedResources apply(RenderedManifests manifests) throws ClusterException {
    String resource = manifests.resource();
    ResourceLog log = new ResourceLog(resource);
    Session session = session();
    List<PreparedObject> objects = new ArrayList<>();
    for (K8sObject object : manifests.objects()) objects.add(prepare(object, session));
    session.checker().check(resource, objects);
    objects.sort(KindOrder.applying(object -> object.ref().kind()));
    List<ObjectRef> applied = objects.stream().map(PreparedObject::ref).distinct().toList();

    List<ObjectRef> before = state.objects(resource);
    // Recorded before applying: if devd stops half-way, pruning and `devd down` still know every
    // object it may have made.
    Set<ObjectRef> mayExist = new LinkedHashSet<>(before);
    mayExist.addAll(applied);
    state.record(resource, List.copyOf(mayExist));

    for (PreparedObject object : objects) {
      session.objects().apply(object, log);
      log.info("→ {}", object.ref().shown());
    }

    List<ObjectRef> notPruned =
        prune(
            resource, before.stream().filter(ref -> !applied.contains(ref)).toList(), session, log);
    List<ObjectRef> recorded = new ArrayList<>(applied);
    recorded.addAll(notPruned);
    state.record(resource, recorded);

    String namespace =
        objects.stream()
            .filter(object -> WORKLOAD_KINDS.contains(object.ref().kind()))
            .map(object -> object.ref().namespace())
            .findFirst()
            .orElse(target.namespace());
    return new AppliedResources(
        resource, namespace, applied, Map.of(RESOURCE_LABEL, DevdLabels.resourceValue(resource)));
  }

  /**
   * False once the server turned out not to take server-side apply; devd then creates or replaces
   * objects.
   */
  public boolean usesServerSideApply() {
    Session current = session;
    return current == null || current.objects().usesServerSideApply();
  }

  /**
   * Deletes, last kind first, what the resource applied before and no longer renders; returns what
   * could not go.
   */
  private List<ObjectRef> prune(
      String resource, List<ObjectRef> stale, Session session, ResourceLog log) {
    List<ObjectRef> kept = new ArrayList<>();
    for (ObjectRef ref : stale.stream().sorted(KindOrder.deleting(ObjectRef::kind)).toList()) {
      if (!state.otherHolders(ref, resource).isEmpty())
        continue; // it moved to another resource, which keeps it
      try {
        switch (session.deleter().delete(ref, Optional.of(resource))) {
          case DELETED -> log.info("deleted {}: it is no longer in the YAML", ref.shown());
          case ALREADY_GONE -> {}
          case NOT_DEVDS ->
              log.debug(
                  "not deleting {}: it no longer carries {}={}",
                  ref.shown(),
                  RESOURCE_LABEL,
                  DevdLabels.resourceValue(resource));
        }
      } catch (ClusterException e) {
        // The apply itself succeeded; the object stays recorded so the next pass or `devd down`
        // tries again.
        log.warn("{}", e.getMessage());
        kept.add(ref);
      }
    }
    return kept;
  }

  private PreparedObject prepare(K8sObject object, Session session) {
    boolean namespaced = session.scopes().namespaced(object.apiVersion(), object.kind());
    String namespace =
        namespaced ? object.namespace().filter(ns -> !ns.isBlank()).orElse(target.namespace()) : "";
    return PreparedObject.of(
        object,
        new ObjectRef(object.apiVersion(), object.kind(), namespace, object.name()),
        session.client().getKubernetesSerialization());
  }

  private Session session() throws ClusterException {
    Session current = session;
    if (current == null) {
      synchronized (this) {
        current = session;
        if (current == null) {
          KubernetesClient client = target.client();
          ServedKinds served = new ServedKinds(client);
          ObjectApplier objects =
              new ObjectApplier(target, client, new ApplySender(client, served));
          current =
              new Session(
                  client,
                  objects,
                  new OwnedObjectDeleter(target, client),
                  new KindScopes(client, served),
                  new ApplyChecker(target, client, served, objects));
          session = current;
        }
      }
    }
    return current;
  }
}
