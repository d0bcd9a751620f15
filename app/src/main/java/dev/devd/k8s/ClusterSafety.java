package dev.devd.k8s;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps devd away from clusters that are not the developer's own (SPEC §6): it deploys to and
 * deletes from only contexts that local-cluster tools name (by the context's name or its cluster's)
 * or that devd.yaml allows by name in {@code allowK8sContexts}. An API server on this machine is
 * not enough: it may be a tunnel to a remote cluster.
 */
public final class ClusterSafety {
  // The context names that kind, k3d, minikube, Docker Desktop, MicroK8s, Rancher Desktop, Colima,
  // OrbStack and
  // CodeReady Containers write into the kubeconfig; Docker Desktop used "docker-for-desktop" before
  // 2018.
  private static final Set<String> LOCAL_NAMES =
      Set.of(
          "minikube",
          "docker-desktop",
          "docker-for-desktop",
          "microk8s",
          "rancher-desktop",
          "colima",
          "orbstack",
          "crc");
  private static final List<String> LOCAL_PREFIXES = List.of("kind-", "k3d-", "colima-");
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("127.0.0.1", "localhost", "[::1]", "::1");
  // What may stand unquoted in a YAML flow sequence; anything else is quoted in the line devd
  // suggests.
  private static final Pattern PLAIN_YAML = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/@-]*");

  private ClusterSafety() {}

  /**
   * Passes quietly when devd may deploy to this target; otherwise says which line of devd.yaml
   * would allow it.
   */
  public static void check(KubeTarget target, List<String> allowK8sContexts)
      throws ClusterException {
    if (isAllowed(target.context(), target.cluster(), allowK8sContexts)) return;
    List<String> allowed = new ArrayList<>(allowK8sContexts);
    allowed.add(target.context());
    String tunnel =
        target.server().map(ClusterSafety::isLoopback).orElse(false)
            ? " (its API server is on this machine, which may be a tunnel to a remote cluster)"
            : "";
    throw new ClusterException(
        "refusing to deploy to Kubernetes context \""
            + target.context()
            + "\": it does not look "
            + "like a local cluster"
            + tunnel
            + "; if you mean it, add it to devd.yaml: allowK8sContexts: ["
            + allowed.stream().map(ClusterSafety::yamlScalar).collect(Collectors.joining(", "))
            + "]");
  }

  /** Whether a context is local by its name or its cluster's name, or allowed by name. */
  public static boolean isAllowed(String context, String cluster, List<String> allowK8sContexts) {
    return allowK8sContexts.contains(context) || isLocalName(context) || isLocalName(cluster);
  }

  static boolean isLocalName(String context) {
    String name = context.toLowerCase(Locale.ROOT);
    return LOCAL_NAMES.contains(name)
        || LOCAL_PREFIXES.stream()
            .anyMatch(prefix -> name.startsWith(prefix) && name.length() > prefix.length());
  }

  static boolean isLoopback(String server) {
    try {
      String host = new URI(server.contains("://") ? server : "https://" + server).getHost();
      return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String yamlScalar(String value) {
    if (PLAIN_YAML.matcher(value).matches()) return value;
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
