package dev.devd.k8s;

import dev.devd.config.KeySuggester;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks every object of a resource before any of them is applied, so that a resource goes into the
 * cluster whole or not at all: a good ConfigMap beside an object of a kind the cluster does not
 * serve must not be applied on its own (the README promises that a failed deploy leaves what runs
 * as it was).
 *
 * <p>Two checks, cheapest first. Kinds: the server's discovery API says which kinds it serves under
 * each apiVersion (asked once per session, {@link ServedKinds}); where it says nothing, as
 * fabric8's mock server does, fabric8 is asked to find the object's API, which fails the same way
 * for an unknown kind. Objects: where the server takes server-side apply, each object of a resource
 * with more than one is sent as a dry run, which runs the server's validation and admission without
 * storing anything. Objects whose namespace or CustomResourceDefinition comes with the same
 * resource are not sent: the dry run would not find what only the real apply creates.
 */
final class ApplyChecker {
  private static final String CRD_KIND = "CustomResourceDefinition";
  // Dry runs and server-side apply are both generally available from Kubernetes 1.22 on; before
  // 1.18 a server may not
  // know the dryRun flag, and a server that ignored it would really write.
  private static final int DRY_RUN_MINOR = 22;

  private final KubeTarget target;
  private final KubernetesClient client;
  private final ServedKinds served;
  private final ObjectApplier applier;
  private final AtomicReference<Boolean> dryRuns = new AtomicReference<>();

  ApplyChecker(
      KubeTarget target, KubernetesClient client, ServedKinds served, ObjectApplier applier) {
    this.target = target;
    this.client = client;
    this.served = served;
    this.applier = applier;
  }

  /**
   * @param objects one resource's objects, in the order they will be applied
   * @throws ClusterException naming each object that would fail, its file and line, and that
   *     nothing was applied
   */
  void check(String resource, List<PreparedObject> objects) throws ClusterException {
    Set<String> definedHere = definedKinds(objects);
    Set<String> namespacesHere = new HashSet<>();
    for (PreparedObject object : objects) {
      if (object.ref().kind().equals("Namespace") && object.ref().apiVersion().equals("v1")) {
        namespacesHere.add(object.ref().name());
      }
    }
    List<String> failures = new ArrayList<>();
    List<PreparedObject> servedObjects = new ArrayList<>();
    for (PreparedObject object : objects) {
      if (definedHere.contains(kindKey(object.ref().apiVersion(), object.ref().kind()))) continue;
      Optional<String> problem = kindProblem(object);
      if (problem.isPresent()) {
        failures.add(object.origin() + ": " + object.ref().shown() + ": " + problem.get());
      } else if (!namespacesHere.contains(object.ref().namespace())) {
        servedObjects.add(object);
      }
    }
    // One object alone cannot be half applied: its apply is its check.
    if (failures.isEmpty()
        && objects.size() > 1
        && applier.usesServerSideApply()
        && dryRunsWork()) {
      for (PreparedObject object : servedObjects) {
        dryRunProblem(object).ifPresent(failures::add);
      }
    }
    if (failures.isEmpty()) return;
    String nothing = "nothing of " + resource + " was applied; what runs stays as it was";
    if (failures.size() == 1) throw new ClusterException(failures.getFirst() + "; " + nothing);
    throw new ClusterException(
        nothing
            + "; "
            + failures.size()
            + " objects would fail:\n  "
            + String.join("\n  ", failures));
  }

  private Optional<String> kindProblem(PreparedObject object) {
    ObjectRef ref = object.ref();
    Optional<List<APIResource>> kinds = served.of(ref.apiVersion(), false);
    if (kinds.isPresent() && kinds.get().isEmpty()) return handlerProblem(object);
    if (kinds.isPresent() && serves(kinds.get(), ref.kind())) return Optional.empty();
    kinds = served.of(ref.apiVersion(), true); // it may have come since the server was asked
    if (kinds.isEmpty()) {
      return Optional.of(
          "the cluster serves no apiVersion "
              + ref.apiVersion()
              + "; check the apiVersion (`kubectl "
              + "--context "
              + target.context()
              + " api-versions` lists those it serves), or install the "
              + "CustomResourceDefinition that defines it first");
    }
    if (kinds.get().isEmpty() || serves(kinds.get(), ref.kind())) return Optional.empty();
    List<String> names =
        kinds.get().stream().map(APIResource::getKind).distinct().sorted().toList();
    return Optional.of(noKind(ref, KeySuggester.closest(ref.kind(), names)));
  }

  private static String noKind(ObjectRef ref, Optional<String> close) {
    return "the cluster serves no kind "
        + ref.kind()
        + " in "
        + ref.apiVersion()
        + "; "
        + close.map(kind -> "did you mean " + kind + "? ").orElse("")
        + "check apiVersion and kind, or install the "
        + "CustomResourceDefinition that defines it first";
  }

  private static boolean serves(List<APIResource> kinds, String kind) {
    return kinds.stream().anyMatch(resource -> kind.equals(resource.getKind()));
  }

  /**
   * Where discovery says nothing: fabric8 looks the object's API up itself, and fails for a kind it
   * cannot find.
   */
  private Optional<String> handlerProblem(PreparedObject object) {
    try {
      client.resource(object.item(client.getKubernetesSerialization()));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(noKind(object.ref(), Optional.empty()));
    }
  }

  private Optional<String> dryRunProblem(PreparedObject object) {
    try {
      applier.dryRun(object);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      // Immutable fields are the apply's to handle (it deletes and creates the object again).
      if (ObjectApplier.isImmutableFieldError(e)) return Optional.empty();
      if (ObjectApplier.isApplyPatchRejected(e)) {
        dryRuns.set(false);
        return Optional.empty();
      }
      return Optional.of(FailureDescriber.applying(object, e, target).getMessage());
    }
  }

  /**
   * Whether the server takes dry runs of server-side apply: known after one request for the
   * session.
   */
  private boolean dryRunsWork() {
    Boolean known = dryRuns.get();
    if (known != null) return known;
    boolean works = false;
    try {
      VersionInfo version = client.getKubernetesVersion();
      works =
          version != null
                  && number(version.getMajor()) == 1
                  && number(version.getMinor()) >= DRY_RUN_MINOR
              || version != null && number(version.getMajor()) > 1;
    } catch (KubernetesClientException e) {
      // No version (fabric8's mock server has none): no dry runs.
    }
    dryRuns.compareAndSet(null, works);
    return dryRuns.get();
  }

  // "27+" on some managed clusters.
  private static int number(String text) {
    if (text == null) return -1;
    String digits = text.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? -1 : Integer.parseInt(digits);
  }

  /**
   * The kinds the CustomResourceDefinitions among {@code objects} define, as {@code apiVersion
   * kind}.
   */
  private static Set<String> definedKinds(List<PreparedObject> objects) {
    Set<String> kinds = new HashSet<>();
    for (PreparedObject object : objects) {
      if (!object.ref().kind().equals(CRD_KIND)) continue;
      if (!(object.body().get("spec") instanceof Map<?, ?> spec)
          || !(spec.get("names") instanceof Map<?, ?> names)) {
        continue;
      }
      String group = String.valueOf(spec.get("group"));
      String kind = String.valueOf(names.get("kind"));
      if (spec.get("versions") instanceof List<?> versions) {
        for (Object version : versions) {
          if (version instanceof Map<?, ?> v) kinds.add(kindKey(group + "/" + v.get("name"), kind));
        }
      }
      if (spec.get("version") != null)
        kinds.add(kindKey(group + "/" + spec.get("version"), kind)); // apiextensions v1beta1
    }
    return kinds;
  }

  private static String kindKey(String apiVersion, String kind) {
    return apiVersion + " " + kind;
  }
}
