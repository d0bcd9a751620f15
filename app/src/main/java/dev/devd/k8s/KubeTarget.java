package dev.devd.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster devd deploys to: a kubeconfig context (the current one unless {@code --context} names
 * another) and the namespace for objects that name none ({@code --namespace}, else the context's,
 * else {@code default}). Finding them reads only the kubeconfig files; the fabric8 client is
 * created on first use, so runs that never touch Kubernetes never load it.
 */
public final class KubeTarget implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";

  // Kubernetes namespaces are DNS labels (RFC 1123).
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  // fabric8 retries a failed request 10 times by default, doubling a 100 ms wait: well over a
  // minute before a
  // stopped cluster is reported. Three tries (about 0.7 s of waiting) ride out a blip and still
  // answer at once.
  private static final int REQUEST_RETRIES = 3;

  private final Kubeconfig kubeconfig;
  private final String context;
  private final String cluster;
  private final String namespace;
  private final Optional<String> server;
  private KubernetesClient client;

  private KubeTarget(
      Kubeconfig kubeconfig,
      String context,
      String cluster,
      String namespace,
      Optional<String> server) {
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.cluster = cluster;
    this.namespace = namespace;
    this.server = server;
  }

  /**
   * The target from the kubeconfig files kubectl would read ({@code KUBECONFIG}, else {@code
   * ~/.kube/config}).
   */
  public static KubeTarget load(Optional<String> context, Optional<String> namespace)
      throws ClusterException {
    return load(
        Kubeconfig.defaultFiles(System.getenv(), Path.of(System.getProperty("user.home"))),
        context,
        namespace);
  }

  /** The target from these kubeconfig files, merged as kubectl merges them. */
  public static KubeTarget load(
      List<Path> kubeconfigFiles, Optional<String> context, Optional<String> namespace)
      throws ClusterException {
    if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
      throw new ClusterException(
          "--namespace \""
              + namespace.get()
              + "\" is not a valid namespace name: use lower-case "
              + "letters, digits and '-', at most 63, starting and ending with a letter or digit");
    }
    Kubeconfig kubeconfig = Kubeconfig.read(kubeconfigFiles);
    Kubeconfig.ContextEntry entry = kubeconfig.context(context);
    String chosenNamespace = namespace.or(entry::namespace).orElse(DEFAULT_NAMESPACE);
    return new KubeTarget(
        kubeconfig, entry.name(), entry.cluster(), chosenNamespace, kubeconfig.server(entry));
  }

  /** The kubeconfig context's name. */
  public String context() {
    return context;
  }

  /** The name of the context's cluster in the kubeconfig. */
  public String cluster() {
    return cluster;
  }

  /** The namespace for objects that name none. */
  public String namespace() {
    return namespace;
  }

  /** The API server URL of the context's cluster, as the kubeconfig writes it. */
  public Optional<String> server() {
    return server;
  }

  /** The client for this context, created on the first call. */
  public synchronized KubernetesClient client() throws ClusterException {
    if (client == null) {
      try {
        client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
      } catch (KubernetesClientException | IllegalArgumentException e) {
        throw new ClusterException(
            "cannot set up a client for Kubernetes context \""
                + context
                + "\": "
                + e.getMessage()
                + "; check its entry in "
                + kubeconfig.files().getFirst()
                + " (`kubectl --context "
                + context
                + " cluster-info` shows whether kubectl can use it)",
            e);
      }
    }
    return client;
  }

  private Config clientConfig() {
    Config config;
    if (kubeconfig.files().size() == 1) {
      config = Config.fromKubeconfig(context, kubeconfig.files().getFirst().toFile());
    } else {
      // fabric8 merges several kubeconfig files only in Config.autoConfigure, which reads
      // KUBECONFIG itself; this
      // does the same merge for the files this target was loaded from (tests and
      // `--kubeconfig`-like callers).
      config = Config.empty();
      KubeConfigUtils.merge(
          config,
          context,
          kubeconfig.files().stream()
              .map(file -> KubeConfigUtils.parseConfig(file.toFile()))
              .toArray(io.fabric8.kubernetes.api.model.Config[]::new));
    }
    config.setNamespace(namespace);
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    return config;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public String toString() {
    return "context \"" + context + "\"" + server.map(url -> " (" + url + ")").orElse("");
  }
}
