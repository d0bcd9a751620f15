package dev.devd.k8s;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows whether a kind lives in a namespace: built-in kinds from fabric8's model classes, other
 * kinds from the server's discovery API.
 */
final class KindScopes {
  private final KubernetesClient client;
  private final ServedKinds served;
  private final Map<String, Boolean> known = new ConcurrentHashMap<>();

  KindScopes(KubernetesClient client, ServedKinds served) {
    this.client = client;
    this.served = served;
  }

  boolean namespaced(String apiVersion, String kind) {
    String key = apiVersion + " " + kind;
    Boolean cached = known.get(key);
    if (cached != null) return cached;
    Optional<Boolean> answer = lookUp(apiVersion, kind);
    answer.ifPresent(namespaced -> known.put(key, namespaced));
    // Most custom kinds are namespaced. An answer that is a guess is not kept: the CRD may be
    // applied in a moment.
    return answer.orElse(true);
  }

  private Optional<Boolean> lookUp(String apiVersion, String kind) {
    Object typed =
        client
            .getKubernetesSerialization()
            .convertValue(Map.of("apiVersion", apiVersion, "kind", kind), KubernetesResource.class);
    if (!(typed instanceof GenericKubernetesResource))
      return Optional.of(typed instanceof Namespaced);
    Optional<Boolean> answer = namespaced(served.of(apiVersion, false), kind);
    // Missing from what the server said before: its CustomResourceDefinition may have come since.
    return answer.isPresent() ? answer : namespaced(served.of(apiVersion, true), kind);
  }

  private static Optional<Boolean> namespaced(Optional<List<APIResource>> kinds, String kind) {
    return kinds.orElse(List.of()).stream()
        .filter(resource -> kind.equals(resource.getKind()))
        .map(APIResource::getNamespaced)
        .map(Boolean.TRUE::equals)
        .findFirst();
  }
}
