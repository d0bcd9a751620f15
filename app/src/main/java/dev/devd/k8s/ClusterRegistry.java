package dev.devd.k8s;

import dev.devd.console.ResourceLog;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Finds the registry a local cluster offers for development images: the {@code
 * local-registry-hosting} ConfigMap in {@code kube-public}, whose {@code localRegistryHosting.v1}
 * entry is YAML with {@code host}, {@code hostFromContainerRuntime} and {@code
 * hostFromClusterNetwork} (KEP-1755; kind, k3d, minikube and MicroK8s write it).
 */
public final class ClusterRegistry {
  static final String NAMESPACE = "kube-public";
  static final String CONFIG_MAP = "local-registry-hosting";
  static final String KEY = "localRegistryHosting.v1";

  private final KubeTarget target;

  public ClusterRegistry(KubeTarget target) {
    this.target = target;
  }

  /**
   * The announced registry, or empty when the cluster announces none. A ConfigMap devd cannot use
   * is reported on the terminal and treated as absent; a cluster devd cannot read from fails as
   * every other cluster call does.
   */
  public Optional<LocalRegistry> discover() throws ClusterException {
    ConfigMap configMap;
    try {
      configMap = target.client().configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get();
    } catch (KubernetesClientException e) {
      // Reading kube-public is allowed to every user by default; a cluster that forbids it simply
      // announces nothing.
      if (e.getCode() == 403 || e.getCode() == 404) return Optional.empty();
      throw FailureDescriber.reading(NAMESPACE + "/" + CONFIG_MAP, e, target);
    }
    if (configMap == null || configMap.getData() == null || configMap.getData().get(KEY) == null)
      return Optional.empty();
    return parse(configMap.getData().get(KEY));
  }

  Optional<LocalRegistry> parse(String yaml) {
    String where =
        "ConfigMap "
            + NAMESPACE
            + "/"
            + CONFIG_MAP
            + " (data."
            + KEY
            + ") of context \""
            + target.context()
            + "\"";
    Object root;
    try {
      root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    } catch (YamlEngineException e) {
      ResourceLog.devd()
          .warn(
              "ignoring the {}: it is not valid YAML ({})",
              where,
              e.getMessage().lines().findFirst().orElse(""));
      return Optional.empty();
    }
    if (!(root instanceof Map<?, ?> map) || text(map, "host").isEmpty()) {
      ResourceLog.devd().warn("ignoring the {}: it names no host", where);
      return Optional.empty();
    }
    return Optional.of(
        new LocalRegistry(
            text(map, "host").get(),
            text(map, "hostFromContainerRuntime"),
            text(map, "hostFromClusterNetwork"),
            text(map, "help")));
  }

  private static Optional<String> text(Map<?, ?> map, String key) {
    return map.get(key) instanceof String value && !value.isBlank()
        ? Optional.of(value.strip())
        : Optional.empty();
  }
}
