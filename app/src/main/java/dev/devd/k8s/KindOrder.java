package dev.devd.k8s;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The order devd applies kinds in, so that what an object needs exists before it: namespaces, CRDs,
 * service accounts, RBAC, config, services, workloads, then everything else. Deleting goes the
 * other way round.
 */
public final class KindOrder {
  private static final List<List<String>> RANKS =
      List.of(
          List.of("Namespace"),
          List.of("CustomResourceDefinition"),
          List.of("ServiceAccount"),
          List.of("Role", "ClusterRole"),
          List.of("RoleBinding", "ClusterRoleBinding"),
          List.of("ConfigMap"),
          List.of("Secret"),
          List.of("Service"),
          List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"));
  private static final Map<String, Integer> RANK_OF_KIND = rankOfKind();

  private KindOrder() {}

  /** 0 for Namespace, growing along the list above; every other kind comes after all of them. */
  public static int rank(String kind) {
    return RANK_OF_KIND.getOrDefault(kind, RANKS.size());
  }

  /** Orders items by the rank of their kind; a stable sort keeps the YAML's order within a rank. */
  public static <T> Comparator<T> applying(Function<T, String> kind) {
    return Comparator.comparingInt(item -> rank(kind.apply(item)));
  }

  /** The reverse: what depends on something is deleted before it. */
  public static <T> Comparator<T> deleting(Function<T, String> kind) {
    return KindOrder.<T>applying(kind).reversed();
  }

  private static Map<String, Integer> rankOfKind() {
    Map<String, Integer> ranks = new java.util.HashMap<>();
    for (int rank = 0; rank < RANKS.size(); rank++) {
      for (String kind : RANKS.get(rank)) ranks.put(kind, rank);
    }
    return Map.copyOf(ranks);
  }
}
