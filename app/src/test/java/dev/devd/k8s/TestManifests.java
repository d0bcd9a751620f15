package dev.devd.k8s;

import dev.devd.render.K8sObject;
import dev.devd.render.ManifestParser;
import dev.devd.render.RenderedManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Rendered manifests for tests, from literal YAML, with the two labels devd's renderer puts on
 * every object.
 */
final class TestManifests {
  private TestManifests() {}

  @SuppressWarnings("unchecked")
  static RenderedManifests of(String resource, String yaml) {
    List<K8sObject> objects = new ArrayList<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (document == null) continue;
      Map<String, Object> body = (Map<String, Object>) document;
      Map<String, Object> metadata = (Map<String, Object>) body.get("metadata");
      Map<String, Object> labels =
          (Map<String, Object>) metadata.computeIfAbsent("labels", key -> new LinkedHashMap<>());
      labels.put(Applier.MANAGED_BY_LABEL, Applier.MANAGER);
      labels.put(Applier.RESOURCE_LABEL, resource);
      objects.add(
          new K8sObject(
              (String) body.get("apiVersion"),
              (String) body.get("kind"),
              (String) metadata.get("name"),
              Optional.ofNullable((String) metadata.get("namespace")),
              body,
              Path.of("k8s", resource + ".yaml")));
    }
    return new RenderedManifests(resource, objects);
  }

  /**
   * Rendered manifests of YAML written to {@code root/k8s/RESOURCE.yaml} and read by devd's parser,
   * so that every object knows its file and line as in a real run.
   */
  @SuppressWarnings("unchecked")
  static RenderedManifests read(Path root, String resource, String yaml) throws Exception {
    Path file = root.resolve("k8s").resolve(resource + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    List<K8sObject> objects = new ArrayList<>();
    for (K8sObject object :
        new ManifestParser().parse(root, List.of("k8s/" + resource + ".yaml")).objects()) {
      Map<String, Object> body = new LinkedHashMap<>(object.body());
      Map<String, Object> metadata =
          new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put(Applier.MANAGED_BY_LABEL, Applier.MANAGER);
      labels.put(Applier.RESOURCE_LABEL, resource);
      metadata.put("labels", labels);
      body.put("metadata", metadata);
      objects.add(object.withBody(body));
    }
    return new RenderedManifests(resource, objects);
  }

  /**
   * A Deployment of one container whose pod template carries devd's resource label, as the renderer
   * makes it.
   */
  static String deployment(String name, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s}
        spec:
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s, devd.dev/resource: %1$s}}
            spec:
              containers:
                - {name: main, image: "%2$s", imagePullPolicy: IfNotPresent}
        """
        .formatted(name, image);
  }
}
