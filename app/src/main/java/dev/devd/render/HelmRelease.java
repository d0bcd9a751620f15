package dev.devd.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What devd does to a chart's output beyond {@code helm template}, as Tilt's {@code helm()} does:
 * test hooks are left out (they are run by {@code helm test}, never installed), and with a release
 * namespace every object that names none gets it, as {@code helm install --namespace} would place
 * it (helm/helm#5465: templates often leave it out).
 */
final class HelmRelease {
  static final String HOOK_ANNOTATION = "helm.sh/hook";
  private static final Set<String> TEST_HOOKS = Set.of("test", "test-success", "test-failure");
  // Built-in kinds that live in no namespace. Other kinds get the namespace; the runtime drops it
  // again for any kind
  // the cluster says is cluster-wide.
  private static final Set<String> CLUSTER_WIDE =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "StorageClass",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "APIService",
          "CSIDriver",
          "VolumeAttachment",
          "CertificateSigningRequest");

  private HelmRelease() {}

  static List<K8sObject> adjust(List<K8sObject> objects, Optional<String> namespace) {
    List<K8sObject> kept = new ArrayList<>(objects.size());
    for (K8sObject object : objects) {
      if (isTestHook(object)) continue;
      if (namespace.isPresent()
          && object.namespace().isEmpty()
          && !CLUSTER_WIDE.contains(object.kind())) {
        object = withNamespace(object, namespace.get());
      }
      kept.add(object);
    }
    return kept;
  }

  private static boolean isTestHook(K8sObject object) {
    if (!(object.body().get("metadata") instanceof Map<?, ?> metadata)
        || !(metadata.get("annotations") instanceof Map<?, ?> annotations)
        || !(annotations.get(HOOK_ANNOTATION) instanceof String hooks)) {
      return false;
    }
    for (String hook : hooks.split(",")) {
      if (TEST_HOOKS.contains(hook.strip())) return true;
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static K8sObject withNamespace(K8sObject object, String namespace) {
    Map<String, Object> metadata = (Map<String, Object>) object.body().get("metadata");
    Map<String, Object> body =
        CopyOnWrite.with(
            object.body(), "metadata", CopyOnWrite.with(metadata, "namespace", namespace));
    return new K8sObject(
        object.apiVersion(),
        object.kind(),
        object.name(),
        Optional.of(namespace),
        body,
        object.source(),
        object.line());
  }
}
