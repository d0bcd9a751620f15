package dev.devd.k8s;

import dev.devd.config.KeySuggester;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What devd needs to know from the kubeconfig files before it talks to a cluster: the contexts,
 * which cluster server each points at, its namespace, and the current context. Several files merge
 * as kubectl merges them: the first file that names a context or cluster wins, and the first {@code
 * current-context} wins.
 *
 * <p>Read with snakeyaml-engine rather than fabric8, so that finding the context costs no fabric8
 * class loading.
 *
 * @param files the files that were read, in order, for messages
 */
public record Kubeconfig(
    List<Path> files,
    Optional<String> currentContext,
    Map<String, ContextEntry> contexts,
    Map<String, String> clusterServers) {

  /** One context: the cluster it names and its namespace, if it sets one. */
  public record ContextEntry(String name, String cluster, Optional<String> namespace) {}

  public Kubeconfig {
    files = List.copyOf(files);
    contexts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
    clusterServers = Map.copyOf(clusterServers);
  }

  /**
   * The kubeconfig files kubectl would read: those in {@code KUBECONFIG} (separated by the path
   * separator; missing ones skipped, as kubectl does) or else {@code ~/.kube/config}.
   */
  public static List<Path> defaultFiles(Map<String, String> environment, Path home) {
    String variable = environment.getOrDefault("KUBECONFIG", "");
    if (variable.isBlank()) return List.of(home.resolve(".kube").resolve("config"));
    List<Path> files = new ArrayList<>();
    for (String part : variable.split(java.io.File.pathSeparator)) {
      if (!part.isBlank()) files.add(Path.of(part));
    }
    return files;
  }

  /**
   * Reads and merges these files; files that do not exist are skipped, but at least one must exist.
   */
  public static Kubeconfig read(List<Path> files) throws ClusterException {
    List<Path> existing = files.stream().filter(Files::isRegularFile).toList();
    if (existing.isEmpty()) {
      throw new ClusterException(
          "no kubeconfig found (looked for "
              + files.stream().map(Path::toString).collect(Collectors.joining(", "))
              + "); start a local cluster (kind, k3d, minikube, Docker Desktop, ...) "
              + "or point KUBECONFIG at its kubeconfig");
    }
    Optional<String> current = Optional.empty();
    Map<String, ContextEntry> contexts = new LinkedHashMap<>();
    Map<String, String> servers = new LinkedHashMap<>();
    for (Path file : existing) {
      Map<?, ?> root = parse(file);
      if (current.isEmpty()
          && root.get("current-context") instanceof String name
          && !name.isBlank()) {
        current = Optional.of(name);
      }
      for (Map<?, ?> item : namedItems(root, "contexts")) {
        String name = (String) item.get("name");
        Map<?, ?> context = item.get("context") instanceof Map<?, ?> map ? map : Map.of();
        Optional<String> namespace =
            context.get("namespace") instanceof String ns && !ns.isBlank()
                ? Optional.of(ns)
                : Optional.empty();
        contexts.putIfAbsent(
            name, new ContextEntry(name, String.valueOf(context.get("cluster")), namespace));
      }
      for (Map<?, ?> item : namedItems(root, "clusters")) {
        if (item.get("cluster") instanceof Map<?, ?> cluster
            && cluster.get("server") instanceof String server) {
          servers.putIfAbsent((String) item.get("name"), server);
        }
      }
    }
    return new Kubeconfig(existing, current, contexts, servers);
  }

  /**
   * The context to use: the one asked for, or the current one; a missing one gets a message saying
   * what exists.
   */
  public ContextEntry context(Optional<String> wanted) throws ClusterException {
    String where = files.stream().map(Path::toString).collect(Collectors.joining(", "));
    if (wanted.isEmpty() && currentContext.isEmpty()) {
      throw new ClusterException(
          "the kubeconfig ("
              + where
              + ") sets no current-context; pass --context NAME"
              + known()
              + ", or run `kubectl config use-context NAME`");
    }
    String name = wanted.orElseGet(currentContext::get);
    ContextEntry entry = contexts.get(name);
    if (entry == null) {
      String hint =
          KeySuggester.closest(name, contexts.keySet())
              .map(best -> "; did you mean \"" + best + "\"?")
              .orElse("");
      String origin = wanted.isPresent() ? "--context" : "current-context";
      throw new ClusterException(
          "the kubeconfig ("
              + where
              + ") has no context \""
              + name
              + "\" (from "
              + origin
              + ")"
              + hint
              + (contexts.isEmpty()
                  ? "; it defines no contexts"
                  : "; known: " + String.join(", ", contexts.keySet())));
    }
    return entry;
  }

  /** The server URL of a context's cluster, if the kubeconfig defines that cluster. */
  public Optional<String> server(ContextEntry context) {
    return Optional.ofNullable(clusterServers.get(context.cluster()));
  }

  private String known() {
    return contexts.isEmpty() ? "" : " (known: " + String.join(", ", contexts.keySet()) + ")";
  }

  private static Map<?, ?> parse(Path file) throws ClusterException {
    try {
      Object root =
          new Load(LoadSettings.builder().setLabel(file.toString()).build())
              .loadFromString(Files.readString(file));
      if (root == null) return Map.of();
      if (root instanceof Map<?, ?> map) return map;
      throw new ClusterException("kubeconfig " + file + " is not a YAML mapping; fix or remove it");
    } catch (IOException e) {
      throw new ClusterException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
    } catch (YamlEngineException e) {
      throw new ClusterException(
          "kubeconfig "
              + file
              + " is not valid YAML: "
              + e.getMessage().lines().findFirst().orElse("")
              + "; fix it, or point KUBECONFIG at another file",
          e);
    }
  }

  private static List<Map<?, ?>> namedItems(Map<?, ?> root, String key) {
    if (!(root.get(key) instanceof List<?> list)) return List.of();
    List<Map<?, ?>> items = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> map && map.get("name") instanceof String) items.add(map);
    }
    return items;
  }
}
