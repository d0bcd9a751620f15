package dev.devd.podman;

import dev.devd.render.K8sObject;
import dev.devd.runtime.ForwardedPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource's rendered objects as devd hands them to {@code podman kube play}, with what podman
 * 4.3 does unlike Kubernetes taken care of, each change said in a note for the terminal. Pure.
 *
 * <ul>
 *   <li>A {@code hostPort} without {@code hostIP} is published on 127.0.0.1 only: podman would open
 *       it on every interface (Kubernetes leaves that to the node's network, which a developer's
 *       machine does not have).
 *   <li>A {@code containerPort} without {@code hostPort} is left out: podman 4.3 publishes it on
 *       the same port of every interface (seen with {@code ss -ltn}: conmon listening on 0.0.0.0),
 *       which Kubernetes never does, and which would also make two projects that use the same
 *       container port collide.
 *   <li>Each {@code portForwards} entry becomes a {@code hostPort} on its host (127.0.0.1 unless
 *       written) for the container port, on the port entry that declares it, else on a new entry of
 *       the first container: podman publishes ports for the whole pod, as a Kubernetes port-forward
 *       reaches the pod.
 *   <li>Pods carry the project's label and its folder as an annotation ({@link PodmanProject}).
 *       podman copies the pod template's labels to the pod and its containers, and a Deployment's
 *       own annotations (not its template's) to the containers, so the annotation goes on both.
 * </ul>
 */
final class PlayedYaml {
  /**
   * @param notes what devd changed and why, one line each
   * @param forwards one line per published forward, as Kubernetes forwards are announced
   */
  record Played(List<K8sObject> objects, List<String> notes, List<String> forwards) {
    Played {
      objects = List.copyOf(objects);
      notes = List.copyOf(notes);
      forwards = List.copyOf(forwards);
    }
  }

  private PlayedYaml() {}

  static Played of(
      String resource,
      List<K8sObject> objects,
      List<ForwardedPort> forwardedPorts,
      PodmanProject project) {
    List<String> notes = new ArrayList<>();
    List<String> forwards = new ArrayList<>();
    List<K8sObject> played = new ArrayList<>();
    List<ForwardedPort> pending = new ArrayList<>(forwardedPorts);
    for (K8sObject object : objects) {
      Optional<List<String>> podPath = podPath(object.kind());
      if (podPath.isEmpty()) {
        played.add(object);
        continue;
      }
      Map<String, Object> body = mutableCopy(object.body());
      Map<String, Object> pod = mapAt(body, podPath.get());
      label(mapAt(pod, List.of("metadata")), project);
      if (!podPath.get().isEmpty()) annotate(mapAt(body, List.of("metadata")), project);
      List<Map<String, Object>> containers = containers(mapAt(pod, List.of("spec")));
      if (!containers.isEmpty()) {
        for (ForwardedPort forward : pending) forwards.add(publish(resource, containers, forward));
        pending.clear();
      }
      for (Map<String, Object> container : containers) ports(container, notes);
      played.add(object.withBody(body));
    }
    for (ForwardedPort forward : pending) {
      notes.add(
          "portForwards "
              + forward.localPort()
              + ":"
              + forward.containerPort()
              + " of "
              + resource
              + " is not published: the resource has no Pod or Deployment for podman to run");
    }
    return new Played(played, notes, forwards);
  }

  /**
   * The names of the pods podman 4.3 makes of these objects: a Pod's own, {@code NAME-pod-0} for a
   * Deployment.
   */
  static List<String> podNames(List<K8sObject> objects) {
    List<String> names = new ArrayList<>();
    for (K8sObject object : objects) {
      if (object.kind().equals("Pod")) names.add(object.name());
      if (object.kind().equals("Deployment")) names.add(object.name() + "-pod-0");
    }
    return names;
  }

  /**
   * Where the pod (metadata and spec) is in an object podman plays; empty for kinds it does not
   * run.
   */
  private static Optional<List<String>> podPath(String kind) {
    return switch (kind) {
      case "Pod" -> Optional.of(List.of());
      case "Deployment" -> Optional.of(List.of("spec", "template"));
      default -> Optional.empty();
    };
  }

  private static void label(Map<String, Object> metadata, PodmanProject project) {
    mapAt(metadata, List.of("labels")).put(PodmanProject.LABEL, project.labelValue());
    annotate(metadata, project);
  }

  private static void annotate(Map<String, Object> metadata, PodmanProject project) {
    mapAt(metadata, List.of("annotations"))
        .put(PodmanProject.DIR_ANNOTATION, project.dir().toString());
  }

  /**
   * Binds hostPorts to 127.0.0.1 where no hostIP is set, and drops container ports podman would
   * publish unasked.
   */
  @SuppressWarnings("unchecked")
  private static void ports(Map<String, Object> container, List<String> notes) {
    if (!(container.get("ports") instanceof List<?> ports)) return;
    List<Object> kept = new ArrayList<>();
    for (Object item : ports) {
      if (!(item instanceof Map<?, ?> map)) {
        kept.add(item);
        continue;
      }
      Map<String, Object> port = (Map<String, Object>) map;
      String where = " of container " + container.get("name");
      if (port.get("hostPort") == null) {
        notes.add(
            "containerPort "
                + port.get("containerPort")
                + where
                + " is not published: podman 4.3 would open"
                + " it on every interface, which Kubernetes never does; add a portForwards entry (or a hostPort) to reach"
                + " it from this machine");
        continue;
      }
      if (port.get("hostIP") == null || String.valueOf(port.get("hostIP")).isEmpty()) {
        port.put("hostIP", ForwardedPort.DEFAULT_HOST);
        notes.add(
            "hostPort "
                + port.get("hostPort")
                + where
                + " is published on 127.0.0.1 only: the YAML names no"
                + " hostIP, and podman would open it on every interface; set hostIP: 0.0.0.0 to open it to the network");
      }
      kept.add(port);
    }
    if (kept.isEmpty()) {
      container.remove("ports");
    } else {
      container.put("ports", kept);
    }
  }

  /**
   * Publishes a forward on the port entry that declares its container port, or on a new entry of
   * the first container.
   */
  @SuppressWarnings("unchecked")
  private static String publish(
      String resource, List<Map<String, Object>> containers, ForwardedPort forward) {
    Map<String, Object> port = null;
    for (Map<String, Object> container : containers) {
      if (!(container.get("ports") instanceof List<?> ports)) continue;
      for (Object item : ports) {
        if (port == null
            && item instanceof Map<?, ?> declared
            && declared.get("hostPort") == null
            && String.valueOf(forward.containerPort())
                .equals(String.valueOf(declared.get("containerPort")))) {
          port = (Map<String, Object>) declared;
        }
      }
    }
    if (port == null) {
      Map<String, Object> first = containers.getFirst();
      List<Object> ports =
          first.get("ports") instanceof List<?> list ? (List<Object>) list : new ArrayList<>();
      port = new LinkedHashMap<>();
      port.put("containerPort", forward.containerPort());
      ports.add(port);
      first.put("ports", ports);
    }
    port.put("hostPort", forward.localPort());
    port.put("hostIP", forward.host());
    return "forwarding "
        + forward.localUrl()
        + " → "
        + resource
        + ":"
        + forward.containerPort()
        + " (published by podman)";
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> containers(Map<String, Object> spec) {
    List<Map<String, Object>> containers = new ArrayList<>();
    if (spec.get("containers") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> container) containers.add((Map<String, Object>) container);
      }
    }
    return containers;
  }

  /**
   * The map at {@code path} under {@code root}, made (or replaced, where something else is there)
   * when missing.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapAt(Map<String, Object> root, List<String> path) {
    Map<String, Object> node = root;
    for (String key : path) {
      Object child = node.get(key);
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        node.put(key, child);
      }
      node = (Map<String, Object>) child;
    }
    return node;
  }

  /** A deep copy whose maps and lists can be changed. */
  @SuppressWarnings("unchecked")
  private static <T> T mutableCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, child) -> copy.put(String.valueOf(key), mutableCopy(child)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(child -> copy.add(mutableCopy(child)));
      return (T) copy;
    }
    return value;
  }
}
