package dev.devd.k8s;

import dev.devd.render.K8sObject;
import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Map;

/**
 * A rendered object with the namespace it goes to settled ({@code ref}), ready to be sent to the
 * cluster.
 *
 * @param json the body as {@link #item} serialises it, made once per pass for the dry run and the
 *     apply to share
 */
record PreparedObject(K8sObject source, ObjectRef ref, String json) {

  /**
   * The object as it goes to the cluster, serialised with fabric8's model (so labels are strings,
   * say).
   */
  static PreparedObject of(K8sObject source, ObjectRef ref, KubernetesSerialization serialization) {
    return new PreparedObject(source, ref, serialization.asJson(item(source, ref, serialization)));
  }

  /** A fresh fabric8 copy of the body, with the namespace filled in when the YAML names none. */
  GenericKubernetesResource item(KubernetesSerialization serialization) {
    return item(source, ref, serialization);
  }

  private static GenericKubernetesResource item(
      K8sObject source, ObjectRef ref, KubernetesSerialization serialization) {
    GenericKubernetesResource item =
        serialization.convertValue(source.body(), GenericKubernetesResource.class);
    if (!ref.namespace().isEmpty()) item.getMetadata().setNamespace(ref.namespace());
    return item;
  }

  Map<String, Object> body() {
    return source.body();
  }

  /**
   * Where the object came from, for messages: its file, relative to the folder devd runs in when it
   * lies below it, and the line it starts on when known ({@code k8s/web.yaml:12}).
   */
  String origin() {
    if (source.source() == null) return "your YAML";
    Path file = source.source();
    Path here = Path.of("").toAbsolutePath();
    if (file.isAbsolute() && file.startsWith(here)) file = here.relativize(file);
    return file + (source.line() > 0 ? ":" + source.line() : "");
  }
}
