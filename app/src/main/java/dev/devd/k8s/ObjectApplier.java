package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NamespaceableResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Puts one object into the cluster the way {@code kubectl apply --server-side --force-conflicts}
 * would, with devd as field manager. A server that does not take apply patches gets
 * create-or-replace instead, for the rest of the session. An object with a field that cannot change
 * (a Job's template, a Deployment's selector) is deleted and created again.
 */
final class ObjectApplier {
  static final String FIELD_MANAGER = "devd";
  // Foreground deletion waits for the object's pods to end, and pods get 30 s to stop by default;
  // two minutes covers
  // that several times over and still ends a pass whose object is stuck on a finalizer.
  static final Duration DELETE_WAIT = Duration.ofMinutes(2);
  // Read-compare-replace can lose a race with a controller writing the same object (409); it is
  // tried this often.
  private static final int REPLACE_ATTEMPTS = 3;

  private final KubeTarget target;
  private final KubernetesClient client;
  private final ApplySender sender;
  private final AtomicBoolean serverSideApply = new AtomicBoolean(true);

  ObjectApplier(KubeTarget target, KubernetesClient client, ApplySender sender) {
    this.target = target;
    this.client = client;
    this.sender = sender;
  }

  boolean usesServerSideApply() {
    return serverSideApply.get();
  }

  void apply(PreparedObject object, ResourceLog log) throws ClusterException {
    try {
      write(object);
    } catch (KubernetesClientException e) {
      if (!isImmutableFieldError(e)) throw FailureDescriber.applying(object, e, target);
      recreate(object, e, log);
    }
  }

  /**
   * Sends the object as {@link #apply} would, as a dry run: the server checks it through
   * (admission, validation, defaults) and stores nothing. Only for a server known to take
   * server-side apply.
   *
   * @throws KubernetesClientException what the server answered, as the apply would have met it
   */
  void dryRun(PreparedObject object) {
    if (sender.send(object, true)) return;
    resource(object).dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  private void write(PreparedObject object) {
    if (serverSideApply.get()) {
      try {
        if (!sender.send(object, false))
          resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return;
      } catch (KubernetesClientException e) {
        if (isApplyPatchRejected(e)) {
          stopServerSideApply(e.getCode() + " " + FailureDescriber.serverMessage(e));
        } else if (e.getCode() == 404) {
          createAfterApplyNotFound(object);
          return;
        } else {
          throw e;
        }
      }
    }
    createOrReplace(object);
  }

  /**
   * A real server creates a missing object on apply and answers 404 only when its namespace or kind
   * is missing; then a create fails the same way, and that error is the one to report. A server
   * that does not know apply patches may answer 404 before it looks at the content type (fabric8's
   * mock server does): there the create succeeds, and shows that apply is not available.
   */
  private void createAfterApplyNotFound(PreparedObject object) {
    resource(object).create();
    stopServerSideApply(
        "404 to an apply of " + object.ref().shown() + " that a plain create then made");
  }

  private void stopServerSideApply(String answer) {
    if (serverSideApply.compareAndSet(true, false)) {
      ResourceLog.devd()
          .debug(
              "the cluster of context \"{}\" does not take server-side apply (it answered {}); devd "
                  + "creates or replaces objects instead for the rest of this session",
              target.context(),
              answer);
    }
  }

  private void createOrReplace(PreparedObject object) {
    for (int attempt = 1; ; attempt++) {
      try {
        GenericKubernetesResource live = resource(object).get();
        if (live == null) {
          resource(object).create();
        } else if (!alreadyHas(
            client.getKubernetesSerialization().convertValue(live, Map.class), object.body())) {
          GenericKubernetesResource replacement = object.item(client.getKubernetesSerialization());
          replacement.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
          resource(replacement, object.ref()).update();
        }
        return;
      } catch (KubernetesClientException e) {
        // 409: someone created or changed it between the read and the write; read it again.
        if (e.getCode() != 409 || attempt == REPLACE_ATTEMPTS) throw e;
      }
    }
  }

  private void recreate(PreparedObject object, KubernetesClientException immutable, ResourceLog log)
      throws ClusterException {
    log.info(
        "{} has a field that cannot change ({}); deleting it and creating it again",
        object.ref().shown(),
        immutableFields(immutable));
    try {
      resource(object).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
      resource(object)
          .waitUntilCondition(Objects::isNull, DELETE_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new ClusterException(
          object.ref().shown()
              + " is still being deleted after "
              + DELETE_WAIT.toMinutes()
              + " minutes (a finalizer or a pod that does not stop?); `kubectl --context "
              + target.context()
              + " describe "
              + FailureDescriber.kubectlName(object.ref())
              + "` shows why; save to try again",
          e);
    } catch (KubernetesClientException e) {
      throw FailureDescriber.deleting(object.ref(), e, target);
    }
    try {
      write(object);
    } catch (KubernetesClientException e) {
      throw FailureDescriber.applying(object, e, target);
    }
  }

  private Resource<GenericKubernetesResource> resource(PreparedObject object) {
    return resource(object.item(client.getKubernetesSerialization()), object.ref());
  }

  private Resource<GenericKubernetesResource> resource(
      GenericKubernetesResource item, ObjectRef ref) {
    NamespaceableResource<GenericKubernetesResource> resource = client.resource(item);
    return ref.namespace().isEmpty() ? resource : resource.inNamespace(ref.namespace());
  }

  /**
   * 415 is what the API server answers to a content type it does not know; 405 means no PATCH at
   * all.
   */
  static boolean isApplyPatchRejected(KubernetesClientException e) {
    if (e.getCode() == 415 || e.getCode() == 405) return true;
    String message = FailureDescriber.serverMessage(e).toLowerCase(Locale.ROOT);
    return e.getCode() == 400
        && (message.contains("apply-patch")
            || message.contains("unsupported media type")
            || message.contains("unknown format"));
  }

  /**
   * The API server's answers to a change of a field that is fixed once set: "field is immutable"
   * (selectors, a Job's template, a Service's clusterIP), and the wholesale refusals for Pods and
   * StatefulSets.
   */
  static boolean isImmutableFieldError(KubernetesClientException e) {
    if (e.getCode() != 422) return false;
    String text =
        (FailureDescriber.serverMessage(e)
                + " "
                + causes(e).stream()
                    .map(StatusCause::getMessage)
                    .filter(Objects::nonNull)
                    .collect(Collectors.joining(" ")))
            .toLowerCase(Locale.ROOT);
    return text.contains("field is immutable")
        || text.contains("pod updates may not change fields")
        || text.contains("updates to statefulset spec for fields other than");
  }

  private static String immutableFields(KubernetesClientException e) {
    List<String> fields =
        causes(e).stream().map(StatusCause::getField).filter(Objects::nonNull).distinct().toList();
    return fields.isEmpty() ? FailureDescriber.serverMessage(e) : String.join(", ", fields);
  }

  private static List<StatusCause> causes(KubernetesClientException e) {
    if (e.getStatus() == null
        || e.getStatus().getDetails() == null
        || e.getStatus().getDetails().getCauses() == null) {
      return List.of();
    }
    return e.getStatus().getDetails().getCauses();
  }

  /**
   * Whether the live object already holds everything the desired one says, so that replacing it
   * would change nothing. The server adds fields (status, defaults, uid...), so only what devd asks
   * for is compared: every key of a desired map must hold a covered value; lists must have the same
   * length and cover element by element.
   */
  static boolean alreadyHas(Object live, Object desired) {
    if (desired instanceof Map<?, ?> wanted) {
      if (!(live instanceof Map<?, ?> actual)) return false;
      for (var entry : wanted.entrySet()) {
        if (entry.getValue() == null) {
          if (actual.get(entry.getKey()) != null) return false;
        } else if (!actual.containsKey(entry.getKey())
            || !alreadyHas(actual.get(entry.getKey()), entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof List<?> wanted) {
      if (!(live instanceof List<?> actual) || actual.size() != wanted.size()) return false;
      for (int i = 0; i < wanted.size(); i++) {
        if (!alreadyHas(actual.get(i), wanted.get(i))) return false;
      }
      return true;
    }
    if (desired instanceof Number wanted && live instanceof Number actual) {
      return new BigDecimal(wanted.toString()).compareTo(new BigDecimal(actual.toString())) == 0;
    }
    // YAML may say 1 where the server keeps "1" (quantities, int-or-string ports): compare what
    // they print as.
    return live != null && String.valueOf(live).equals(String.valueOf(desired));
  }
}
