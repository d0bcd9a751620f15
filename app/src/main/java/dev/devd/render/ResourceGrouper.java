package dev.devd.render;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups parsed objects into resources (SPEC §5), as Tilt assembles them: every object with a pod
 * template, and every object of a kind in {@code k8sKinds:}, is a resource; a Service whose
 * selector matches a workload's pod labels joins the first such workload in file order; everything
 * else forms {@code uncategorized}, which comes first because Tilt applies it first (namespaces and
 * config the workloads need).
 */
public final class ResourceGrouper {

  /**
   * The resources, {@code uncategorized} first (when there is anything in it), then the workloads
   * in file order.
   */
  public List<K8sResource> group(ParsedManifests manifests, RenderOptions options) {
    List<K8sObject> workloads = new ArrayList<>();
    List<K8sObject> rest = new ArrayList<>();
    for (K8sObject object : manifests.objects()) {
      if (PodTemplateLocator.hasPodTemplate(object.kind()) || options.isCustomKind(object)) {
        workloads.add(object);
      } else {
        rest.add(object);
      }
    }
    List<List<K8sObject>> members = new ArrayList<>(workloads.size());
    for (K8sObject workload : workloads) {
      List<K8sObject> objects = new ArrayList<>();
      objects.add(workload);
      Map<String, String> podLabels = PodTemplateLocator.podLabels(workload);
      if (PodTemplateLocator.template(workload) != null) {
        for (Iterator<K8sObject> others = rest.iterator(); others.hasNext(); ) {
          K8sObject other = others.next();
          if (selects(other, podLabels) && sameNamespace(other, workload)) {
            objects.add(other);
            others.remove();
          }
        }
      }
      members.add(objects);
    }
    Set<String> reserved = rest.isEmpty() ? Set.of() : Set.of(K8sResource.UNCATEGORIZED);
    List<String> names = ResourceNamer.names(workloads, reserved);

    List<K8sResource> resources = new ArrayList<>(workloads.size() + 1);
    if (!rest.isEmpty()) resources.add(resource(K8sResource.UNCATEGORIZED, rest, options));
    for (int i = 0; i < workloads.size(); i++)
      resources.add(resource(names.get(i), members.get(i), options));
    return resources;
  }

  private static K8sResource resource(String name, List<K8sObject> objects, RenderOptions options) {
    Set<String> used = new LinkedHashSet<>();
    for (K8sObject object : objects) {
      for (ImageSighting sighting : ImageFinder.find(object, options)) {
        ImageFinder.configuredRef(sighting, options).ifPresent(used::add);
      }
    }
    List<String> inConfigOrder =
        options.images().configuredRefs().stream().filter(used::contains).distinct().toList();
    return new K8sResource(name, objects, inConfigOrder);
  }

  /**
   * Whether {@code object} is a Service that selects pods with these labels. A Service without a
   * selector selects no pods (its endpoints are managed by hand), so unlike Tilt it joins no
   * workload.
   */
  private static boolean selects(K8sObject object, Map<String, String> podLabels) {
    if (!object.kind().equals("Service") || !object.group().isEmpty()) return false;
    if (!(object.body().get("spec") instanceof Map<?, ?> spec)
        || !(spec.get("selector") instanceof Map<?, ?> selector)
        || selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<?, ?> entry : selector.entrySet()) {
      if (!(entry.getValue() instanceof String value)
          || !value.equals(podLabels.get(String.valueOf(entry.getKey())))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tilt's rule (tilt-dev/tilt#6311): a Service in the default namespace (written or not) may join
   * a workload in any namespace, since the namespace is often set at apply time; one in another
   * namespace only joins a workload there.
   */
  private static boolean sameNamespace(K8sObject service, K8sObject workload) {
    String namespace = service.namespace().orElse("default");
    return namespace.equals("default") || namespace.equals(workload.namespace().orElse("default"));
  }
}
