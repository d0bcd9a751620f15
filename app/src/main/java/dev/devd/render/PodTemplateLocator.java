package dev.devd.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knows where the workload kinds keep their pod template: {@code spec.template} for most, {@code
 * spec.jobTemplate.spec.template} for a CronJob, and the object itself for a Pod.
 */
final class PodTemplateLocator {
  private static final List<String> SPEC_TEMPLATE = List.of("spec", "template");

  // SPEC §5 names these kinds; ReplicationController is added because it has a pod template too and
  // Tilt treats it
  // as a workload. Kinds are matched by name only: no other API group defines them.
  private static final Map<String, List<String>> PATHS =
      Map.of(
          "Pod", List.of(),
          "Deployment", SPEC_TEMPLATE,
          "StatefulSet", SPEC_TEMPLATE,
          "DaemonSet", SPEC_TEMPLATE,
          "ReplicaSet", SPEC_TEMPLATE,
          "ReplicationController", SPEC_TEMPLATE,
          "Job", SPEC_TEMPLATE,
          "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

  /** The keys that hold containers in a pod spec, in the order devd visits them. */
  static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers");

  /**
   * The pod spec's volumes, the key of an image volume's source in one, and of its ref in that
   * source.
   */
  static final String VOLUMES = "volumes";

  static final String IMAGE_VOLUME = "image";
  static final String IMAGE_VOLUME_REF = "reference";

  private PodTemplateLocator() {}

  /** Whether objects of this kind have a pod template (are workloads). */
  static boolean hasPodTemplate(String kind) {
    return PATHS.containsKey(kind);
  }

  /**
   * The path from the object's body to its pod template (metadata + spec); empty for a Pod, null
   * for other kinds.
   */
  static List<String> path(String kind) {
    return PATHS.get(kind);
  }

  /** The pod template of {@code object}, if its kind has one and the YAML wrote it as a mapping. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> template(K8sObject object) {
    List<String> path = path(object.kind());
    if (path == null) return null;
    Object node = object.body();
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) return null;
      node = map.get(key);
    }
    return node instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  /**
   * The labels a pod template gives its pods (only string values; others cannot select anything).
   */
  static Map<String, String> podLabels(K8sObject object) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Object> template = template(object);
    if (template != null
        && template.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("labels") instanceof Map<?, ?> found) {
      found.forEach(
          (key, value) -> {
            if (value instanceof String text) labels.put(String.valueOf(key), text);
          });
    }
    return labels;
  }

  /**
   * The refs of the image volumes of the pod template of {@code object} ({@code
   * volumes[].image.reference}, Kubernetes 1.31 and newer): images mounted as read-only folders.
   */
  static List<String> imageVolumeRefs(K8sObject object) {
    List<String> refs = new ArrayList<>();
    Map<String, Object> template = template(object);
    if (template == null
        || !(template.get("spec") instanceof Map<?, ?> spec)
        || !(spec.get(VOLUMES) instanceof List<?> volumes)) {
      return refs;
    }
    for (Object volume : volumes) {
      if (volume instanceof Map<?, ?> map
          && map.get(IMAGE_VOLUME) instanceof Map<?, ?> image
          && image.get(IMAGE_VOLUME_REF) instanceof String ref) {
        refs.add(ref);
      }
    }
    return refs;
  }

  /**
   * The containers and init containers of the pod template of {@code object}, each as its YAML
   * mapping.
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> containers(K8sObject object) {
    List<Map<String, Object>> containers = new ArrayList<>();
    Map<String, Object> template = template(object);
    if (template == null || !(template.get("spec") instanceof Map<?, ?> spec)) return containers;
    for (String key : CONTAINER_LISTS) {
      if (spec.get(key) instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> container) containers.add((Map<String, Object>) container);
        }
      }
    }
    return containers;
  }
}
