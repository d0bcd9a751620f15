package dev.devd.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and edits the app containers ({@code containers}, not {@code initContainers}) of rendered
 * objects of every kind with a pod template, copy-on-write: what is not edited is shared with the
 * input, which is never changed. For steps that follow rendering, such as wrapping a container's
 * command for {@code restartProcess}.
 */
public final class ContainerEdits {
  private ContainerEdits() {}

  /**
   * The objects with each app container replaced by {@code edit} of it (a map the edit may not
   * change; it returns a new one, or the same one to leave the container as it is).
   */
  @SuppressWarnings("unchecked")
  public static RenderedManifests map(
      RenderedManifests rendered, UnaryOperator<Map<String, Object>> edit) {
    List<K8sObject> objects = new ArrayList<>();
    for (K8sObject object : rendered.objects()) {
      List<String> path = PodTemplateLocator.path(object.kind());
      if (path == null) {
        objects.add(object);
        continue;
      }
      Map<String, Object> body =
          CopyOnWrite.updateIn(
              object.body(),
              path,
              template ->
                  CopyOnWrite.update(
                      template,
                      "spec",
                      spec ->
                          spec instanceof Map<?, ?> map
                              ? CopyOnWrite.update(
                                  (Map<String, Object>) map,
                                  "containers",
                                  containers ->
                                      containers instanceof List<?> list
                                          ? CopyOnWrite.mapItems(
                                              (List<Object>) list,
                                              item ->
                                                  item instanceof Map<?, ?> container
                                                      ? edit.apply((Map<String, Object>) container)
                                                      : item)
                                          : containers)
                              : spec));
      objects.add(body == object.body() ? object : object.withBody(body));
    }
    return new RenderedManifests(rendered.resource(), objects);
  }

  /** The app containers of every object with a pod template, each as its YAML mapping. */
  public static List<Map<String, Object>> all(RenderedManifests rendered) {
    List<Map<String, Object>> containers = new ArrayList<>();
    map(
        rendered,
        container -> {
          containers.add(container);
          return container;
        });
    return containers;
  }
}
