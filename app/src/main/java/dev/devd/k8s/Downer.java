package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code devd down}: deletes everything devd recorded applying to this context for this project,
 * last kind first, printing each object. Namespaces stay unless asked for, since they often hold
 * more than devd put there. An object that no longer carries devd's {@code
 * app.kubernetes.io/managed-by} label is left alone. Running it twice is harmless.
 */
public final class Downer {
  /**
   * What {@code down} deleted, and what it left because it was asked to (namespaces) or could not
   * delete.
   */
  public record Result(List<ObjectRef> deleted, List<ObjectRef> kept) {
    public Result {
      deleted = List.copyOf(deleted);
      kept = List.copyOf(kept);
    }
  }

  private record Entry(String resource, ObjectRef ref) {}

  private final KubeTarget target;
  private final AppliedState state;

  public Downer(KubeTarget target, AppliedState state) {
    if (!target.context().equals(state.context())) {
      throw new IllegalArgumentException(
          "state of context " + state.context() + " used for " + target);
    }
    this.target = target;
    this.state = state;
  }

  /**
   * Deletes what devd applied; {@code onlyNamespace} limits it to the objects in that namespace
   * (and, with {@code deleteNamespaces}, that namespace itself). Failures do not stop the rest;
   * they are reported together at the end, and the objects stay recorded for the next try.
   */
  public Result down(boolean deleteNamespaces, Optional<String> onlyNamespace)
      throws ClusterException {
    List<Entry> entries = new ArrayList<>();
    state
        .all()
        .forEach(
            (resource, refs) ->
                refs.forEach(
                    ref -> {
                      if (entries.stream().noneMatch(entry -> entry.ref().equals(ref)))
                        entries.add(new Entry(resource, ref));
                    }));
    entries.sort(KindOrder.deleting(entry -> entry.ref().kind()));
    if (entries.isEmpty()) return new Result(List.of(), List.of());

    OwnedObjectDeleter deleter = new OwnedObjectDeleter(target, target.client());
    List<ObjectRef> deleted = new ArrayList<>();
    List<ObjectRef> kept = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Map<String, List<ObjectRef>> remaining = new LinkedHashMap<>();
    state.all().forEach((resource, refs) -> remaining.put(resource, new ArrayList<>(refs)));
    for (Entry entry : entries) {
      ObjectRef ref = entry.ref();
      if (onlyNamespace.isPresent() && !inNamespace(ref, onlyNamespace.get())) continue;
      ResourceLog log = new ResourceLog(entry.resource());
      if (isNamespace(ref) && !deleteNamespaces) {
        log.info("keeping namespace {}; `devd down --delete-namespaces` deletes it", ref.name());
        kept.add(ref);
        continue;
      }
      try {
        switch (deleter.delete(ref, Optional.empty())) {
          case DELETED -> {
            log.info("deleted {}", ref.shown());
            deleted.add(ref);
          }
          case ALREADY_GONE -> log.debug("{} was already gone", ref.shown());
          case NOT_DEVDS ->
              log.info(
                  "leaving {} alone: it no longer carries {}={}",
                  ref.shown(),
                  Applier.MANAGED_BY_LABEL,
                  Applier.MANAGER);
        }
        remaining.values().forEach(refs -> refs.remove(ref));
      } catch (ClusterException e) {
        failures.add(e.getMessage());
        kept.add(ref);
      }
    }
    for (var resource : remaining.entrySet()) state.record(resource.getKey(), resource.getValue());
    if (!failures.isEmpty()) {
      throw new ClusterException(
          String.join("\n", failures)
              + "\n"
              + (failures.size() == 1 ? "1 object" : failures.size() + " objects")
              + " could not be deleted; run `devd down` again to retry");
    }
    return new Result(deleted, kept);
  }

  private static boolean isNamespace(ObjectRef ref) {
    return ref.kind().equals("Namespace") && ref.apiVersion().equals("v1");
  }

  private static boolean inNamespace(ObjectRef ref, String namespace) {
    return ref.namespace().equals(namespace) || isNamespace(ref) && ref.name().equals(namespace);
  }
}
