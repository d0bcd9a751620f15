package dev.devd.podman;

import dev.devd.render.K8sObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says, before {@code podman kube play} runs, which rendered objects it will not do what Kubernetes
 * would do with: podman 4.3 plays Pod, Deployment, PersistentVolumeClaim and ConfigMap objects and
 * passes over every other kind without a word (seen with a Service and a ConfigMap next to a
 * Deployment: it printed only the pod and its container), and it fails with "pod already exists"
 * for a Deployment with more than one replica. Pure.
 *
 * <p>TODO: newer podman versions also play Secret, DaemonSet and Job objects (their manual says
 * so); the list here is 4.3's, the version on devd's machines, and would warn about those kinds
 * needlessly there.
 */
public final class KubePlayChecker {
  static final Set<String> PLAYED_KINDS =
      Set.of("Pod", "Deployment", "PersistentVolumeClaim", "ConfigMap");

  /** One warning per object podman ignores or cannot run as written, for the resource's log. */
  public List<String> warnings(List<K8sObject> objects) {
    List<String> warnings = new ArrayList<>();
    for (K8sObject object : objects) {
      String named = object.kind() + " \"" + object.name() + "\"";
      if (object.kind().equals("Service")) {
        warnings.add(
            "podman kube play ignores "
                + named
                + ": nothing routes to the pods through it; with podman,"
                + " publish the port with hostPort on the container's ports (or set hostNetwork: true)");
      } else if (!PLAYED_KINDS.contains(object.kind())) {
        warnings.add(
            "podman kube play ignores "
                + named
                + "; podman runs Pod, Deployment, PersistentVolumeClaim and"
                + " ConfigMap objects only");
      } else if (object.kind().equals("Deployment") && replicas(object) > 1) {
        warnings.add(
            named
                + " asks for "
                + replicas(object)
                + " replicas, and podman kube play runs one pod per"
                + " Deployment (podman 4.3 fails with \"pod already exists\"); set replicas: 1 for podman");
      }
    }
    return warnings;
  }

  private static long replicas(K8sObject object) {
    if (object.body().get("spec") instanceof Map<?, ?> spec
        && spec.get("replicas") instanceof Number replicas) {
      return replicas.longValue();
    }
    return 1;
  }
}
