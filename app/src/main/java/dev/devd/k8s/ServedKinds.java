package dev.devd.k8s;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server serves under each apiVersion, from its discovery API ({@code GET
 * /apis/GROUP/VERSION}), asked once per apiVersion and session: applying a resource then costs no
 * request for it. An apiVersion the server does not serve is asked again next time, since the
 * CustomResourceDefinition that adds it may be applied in between.
 */
final class ServedKinds {
  private final KubernetesClient client;
  private final Map<String, List<APIResource>> served = new ConcurrentHashMap<>();

  ServedKinds(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The kinds (top-level resources, no subresources) the server serves under {@code apiVersion}:
   * empty when it serves no such apiVersion; an empty list when the server's answer says nothing
   * (fabric8's mock server answers every discovery request so; a real server has no group version
   * without resources), or could not be had.
   *
   * @param fresh ask the server again, as when a kind was missing from what it said before
   */
  Optional<List<APIResource>> of(String apiVersion, boolean fresh) {
    List<APIResource> known = fresh ? null : served.get(apiVersion);
    if (known != null) return Optional.of(known);
    APIResourceList list;
    try {
      list = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return Optional.empty();
      return Optional.of(List.of()); // no answer now: nothing known, and nothing kept
    }
    if (list == null) return Optional.empty();
    List<APIResource> kinds =
        list.getResources() == null
            ? List.of()
            : list.getResources().stream()
                .filter(resource -> !resource.getName().contains("/"))
                .toList();
    served.put(apiVersion, kinds);
    return Optional.of(kinds);
  }
}
