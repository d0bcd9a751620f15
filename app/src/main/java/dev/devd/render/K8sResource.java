package dev.devd.render;

import java.util.List;

/**
 * One resource of the project's Kubernetes YAML (SPEC §5): a workload with the Services that select
 * its pods, an object of a custom kind, or {@code uncategorized} (everything else).
 *
 * @param name the resource name: the shortest unique of {@code name}, {@code name:kind}, {@code
 *     name:kind:namespace}, {@code name:kind:namespace:group}, lower-case
 * @param objects the workload first, then the objects that joined it, in file order
 * @param imageRefs the configured image refs ({@code images[].ref} as written) its objects use, in
 *     devd.yaml order: the images to build before this resource is applied
 */
public record K8sResource(String name, List<K8sObject> objects, List<String> imageRefs) {
  /** The resource of the objects that are no workload and joined none. */
  public static final String UNCATEGORIZED = "uncategorized";

  public K8sResource {
    objects = List.copyOf(objects);
    imageRefs = List.copyOf(imageRefs);
  }

  /** The value of the {@code devd.dev/resource} label on this resource's objects and pods. */
  public String labelValue() {
    return DevdLabels.resourceValue(name);
  }
}
