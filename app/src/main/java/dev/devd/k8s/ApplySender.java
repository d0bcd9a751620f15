package dev.devd.k8s;

import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a server-side apply (or its dry run) of an object as one PATCH through fabric8's HTTP
 * client, with the body serialised once per pass ({@link PreparedObject#json}) and the URL built
 * from what discovery said about the kind. fabric8's resource DSL looks the kind's API up, builds
 * the URL, serialises the object and parses the answer into a new object on every request: for
 * 1,000 objects and their dry runs that was most of devd's CPU for a deploy. Where discovery names
 * no resource for the kind (fabric8's mock server), {@link #send} says so and the DSL is used.
 */
final class ApplySender {
  private static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final KubernetesClient client;
  private final ServedKinds served;
  private final String base;

  ApplySender(KubernetesClient client, ServedKinds served) {
    this.client = client;
    this.served = served;
    this.base = client.getMasterUrl().toString().replaceAll("/+$", "");
  }

  /**
   * Applies the object with devd as field manager and forced conflicts, as a dry run when asked.
   *
   * @return false, having sent nothing, when discovery names no resource for the object's kind
   * @throws KubernetesClientException the server's refusal (with its Status) or why it could not be
   *     reached
   */
  boolean send(PreparedObject object, boolean dryRun) {
    Optional<String> url = url(object.ref(), dryRun);
    if (url.isEmpty()) return false;
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(url.get())
            .method("PATCH", APPLY_PATCH, object.json())
            .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS)
            .build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while applying " + object.ref().shown(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException cause) throw cause;
      throw new KubernetesClientException(
          "applying " + object.ref().shown() + " failed", e.getCause());
    }
    if (!response.isSuccessful()) throw new KubernetesClientException(status(response));
    return true;
  }

  /**
   * {@code BASE/apis/GROUP/VERSION/namespaces/NS/PLURAL/NAME?...}, the query in the order fabric8
   * writes it.
   */
  private Optional<String> url(ObjectRef ref, boolean dryRun) {
    Optional<String> plural = plural(ref);
    if (plural.isEmpty()) return Optional.empty();
    StringBuilder url =
        new StringBuilder(base)
            .append(ref.apiVersion().contains("/") ? "/apis/" : "/api/")
            .append(ref.apiVersion());
    if (!ref.namespace().isEmpty()) url.append("/namespaces/").append(ref.namespace());
    url.append('/')
        .append(plural.get())
        .append('/')
        .append(ref.name())
        .append("?fieldManager=")
        .append(ObjectApplier.FIELD_MANAGER)
        .append(dryRun ? "&dryRun=All" : "")
        .append("&force=true");
    return Optional.of(url.toString());
  }

  private Optional<String> plural(ObjectRef ref) {
    List<APIResource> kinds = served.of(ref.apiVersion(), false).orElse(List.of());
    return kinds.stream()
        .filter(resource -> ref.kind().equals(resource.getKind()))
        .map(APIResource::getName)
        .findFirst();
  }

  /**
   * The Status the server answered with, or one made of the HTTP code and body when the answer is
   * no Status.
   */
  private Status status(HttpResponse<String> response) {
    String body = response.body() == null ? "" : response.body();
    try {
      Status status = client.getKubernetesSerialization().unmarshal(body, Status.class);
      if (status != null && "Status".equals(status.getKind())) {
        if (status.getCode() == null) status.setCode(response.code());
        return status;
      }
    } catch (RuntimeException e) {
      // Not JSON (a proxy's error page, say): the body itself is the message.
    }
    return new StatusBuilder()
        .withCode(response.code())
        .withMessage(body.isBlank() ? response.message() : body.strip())
        .build();
  }
}
