package dev.devd.k8s;

import dev.devd.render.DevdLabels;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NamespaceableResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes an object devd applied earlier, but only while it still carries devd's labels: an object
 * that someone took over (re-created by hand, or now applied by another resource) is left alone.
 */
final class OwnedObjectDeleter {
  /** What became of an object devd was asked to delete. */
  enum Outcome {
    DELETED,
    ALREADY_GONE,
    NOT_DEVDS
  }

  private final KubeTarget target;
  private final KubernetesClient client;

  OwnedObjectDeleter(KubeTarget target, KubernetesClient client) {
    this.target = target;
    this.client = client;
  }

  /**
   * Deletes the object if devd manages it and, when {@code resource} is given, if its {@code
   * devd.dev/resource} label names that resource. The pods of a workload go with it (background
   * propagation).
   */
  Outcome delete(ObjectRef ref, Optional<String> resource) throws ClusterException {
    try {
      GenericKubernetesResource live = resource(ref).get();
      if (live == null) return Outcome.ALREADY_GONE;
      Map<String, String> labels =
          live.getMetadata().getLabels() == null ? Map.of() : live.getMetadata().getLabels();
      boolean devds =
          Applier.MANAGER.equals(labels.get(Applier.MANAGED_BY_LABEL))
              && resource
                  .map(
                      name ->
                          DevdLabels.resourceValue(name).equals(labels.get(Applier.RESOURCE_LABEL)))
                  .orElse(true);
      if (!devds) return Outcome.NOT_DEVDS;
      return resource(ref).delete().isEmpty() ? Outcome.ALREADY_GONE : Outcome.DELETED;
    } catch (KubernetesClientException e) {
      // No such kind any more: its CustomResourceDefinition was deleted, and all its objects with
      // it.
      if (e.getCode() == 404
          || String.valueOf(e.getMessage()).contains("Could not find a registered handler")) {
        return Outcome.ALREADY_GONE;
      }
      throw FailureDescriber.deleting(ref, e, target);
    }
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    GenericKubernetesResource item = new GenericKubernetesResource();
    item.setApiVersion(ref.apiVersion());
    item.setKind(ref.kind());
    item.setMetadata(
        new ObjectMetaBuilder()
            .withName(ref.name())
            .withNamespace(ref.namespace().isEmpty() ? null : ref.namespace())
            .build());
    NamespaceableResource<GenericKubernetesResource> resource = client.resource(item);
    return ref.namespace().isEmpty() ? resource : resource.inNamespace(ref.namespace());
  }
}
