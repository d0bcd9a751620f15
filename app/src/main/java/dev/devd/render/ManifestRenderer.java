package dev.devd.render;

import dev.devd.image.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one resource for applying (pure): replaces configured image refs with the refs to deploy
 * in the containers, init containers and image volumes of every pod template, in env values of
 * images with {@code matchInEnvVars}, and at the image paths of custom kinds; sets {@code
 * imagePullPolicy: IfNotPresent} on the containers it changed (and {@code pullPolicy} on the
 * volumes); gives the containers of an image with {@code entrypoint} or {@code containerArgs} that
 * command and those args; and adds devd's labels ({@link DevdLabels}) to every object and every pod
 * template (never to selectors). The input is never changed: the output shares every subtree it did
 * not edit with the input.
 */
public final class ManifestRenderer {
  // The deployed tag is content-based, so a node that has it need not pull again; a node without it
  // pulls.
  static final String PULL_POLICY = "IfNotPresent";

  /**
   * @param deployRefs configured ref (as written in devd.yaml) → the ref to deploy; configured
   *     images missing here are left as the YAML has them
   */
  public RenderedManifests render(
      K8sResource resource, Map<String, ImageRef> deployRefs, RenderOptions options) {
    Map<String, String> labels = DevdLabels.forResource(resource.name());
    Pass pass = new Pass(deployRefs, options, labels);
    List<K8sObject> rendered = new ArrayList<>(resource.objects().size());
    for (K8sObject object : resource.objects()) rendered.add(pass.render(object));
    return new RenderedManifests(resource.name(), rendered);
  }

  /** The rendering of one resource; holds what every object of it needs. */
  private static final class Pass {
    private final Map<String, ImageRef> deployRefs;
    private final RenderOptions options;
    private final Map<String, String> labels;

    Pass(Map<String, ImageRef> deployRefs, RenderOptions options, Map<String, String> labels) {
      this.deployRefs = deployRefs;
      this.options = options;
      this.labels = labels;
    }

    K8sObject render(K8sObject object) {
      Map<String, Object> body = withLabels(object.body());
      List<String> templatePath = PodTemplateLocator.path(object.kind());
      if (templatePath != null) {
        // A Pod is its own template: its metadata got the labels above.
        body =
            templatePath.isEmpty()
                ? CopyOnWrite.update(body, "spec", this::renderPodSpec)
                : CopyOnWrite.updateIn(body, templatePath, this::renderTemplate);
      }
      for (CustomKind kind : options.customKinds()) {
        if (!kind.matches(object)) continue;
        for (ImageJsonPath path : kind.imagePaths()) {
          body = path.replace(body, image -> deployRef(image, false).orElse(image));
        }
      }
      return body == object.body() ? object : object.withBody(body);
    }

    private Map<String, Object> renderTemplate(Map<String, Object> template) {
      return CopyOnWrite.update(withLabels(template), "spec", this::renderPodSpec);
    }

    @SuppressWarnings("unchecked")
    private Object renderPodSpec(Object spec) {
      if (!(spec instanceof Map<?, ?> map)) return spec;
      Map<String, Object> podSpec = (Map<String, Object>) map;
      for (String key : PodTemplateLocator.CONTAINER_LISTS) {
        podSpec =
            CopyOnWrite.update(
                podSpec,
                key,
                containers ->
                    containers instanceof List<?> list
                        ? CopyOnWrite.mapItems((List<Object>) list, this::renderContainer)
                        : containers);
      }
      return CopyOnWrite.update(
          podSpec,
          PodTemplateLocator.VOLUMES,
          volumes ->
              volumes instanceof List<?> list
                  ? CopyOnWrite.mapItems((List<Object>) list, this::renderVolume)
                  : volumes);
    }

    /**
     * An image volume ({@code image: {reference: ...}}) gets the deployed ref, like a container.
     */
    @SuppressWarnings("unchecked")
    private Object renderVolume(Object item) {
      if (!(item instanceof Map<?, ?> map)) return item;
      return CopyOnWrite.update(
          (Map<String, Object>) map,
          PodTemplateLocator.IMAGE_VOLUME,
          source -> {
            if (!(source instanceof Map<?, ?> image)
                || !(image.get(PodTemplateLocator.IMAGE_VOLUME_REF) instanceof String ref)) {
              return source;
            }
            Optional<String> deployed = deployRef(ref, false);
            if (deployed.isEmpty()) return source;
            Map<String, Object> edited =
                CopyOnWrite.with(
                    (Map<String, Object>) image,
                    PodTemplateLocator.IMAGE_VOLUME_REF,
                    deployed.get());
            return PULL_POLICY.equals(edited.get("pullPolicy"))
                ? edited
                : CopyOnWrite.with(edited, "pullPolicy", PULL_POLICY);
          });
    }

    @SuppressWarnings("unchecked")
    private Object renderContainer(Object item) {
      if (!(item instanceof Map<?, ?> map)) return item;
      Map<String, Object> container = (Map<String, Object>) map;
      if (container.get("image") instanceof String image) {
        Optional<String> deployed = deployRef(image, false);
        if (deployed.isPresent()) {
          container = CopyOnWrite.with(container, "image", deployed.get());
          if (!PULL_POLICY.equals(container.get("imagePullPolicy"))) {
            container = CopyOnWrite.with(container, "imagePullPolicy", PULL_POLICY);
          }
        }
        // Whether or not the image was built yet: the command belongs to the image, not to one
        // build of it.
        ContainerOverride override =
            options.images().match(image).map(options.overrides()::get).orElse(null);
        if (override != null) {
          if (override.command().isPresent())
            container = CopyOnWrite.with(container, "command", override.command().get());
          if (override.args().isPresent())
            container = CopyOnWrite.with(container, "args", override.args().get());
        }
      }
      return CopyOnWrite.update(
          container,
          "env",
          env ->
              env instanceof List<?> list
                  ? CopyOnWrite.mapItems((List<Object>) list, this::renderEnvVar)
                  : env);
    }

    @SuppressWarnings("unchecked")
    private Object renderEnvVar(Object item) {
      if (!(item instanceof Map<?, ?> map) || !(map.get("value") instanceof String value))
        return item;
      // Tilt's rule: the whole value must be an image ref; refs inside longer text are left alone.
      return deployRef(value, true)
          .map(deployed -> (Object) CopyOnWrite.with((Map<String, Object>) map, "value", deployed))
          .orElse(item);
    }

    /**
     * The ref to deploy for an image string in the YAML, when it names a configured image that has
     * one.
     */
    private Optional<String> deployRef(String image, boolean inEnvValue) {
      Optional<String> configured = options.images().match(image);
      if (inEnvValue) configured = configured.filter(options.envVarImages()::contains);
      return configured.map(deployRefs::get).map(ImageRef::toString);
    }

    /**
     * {@code owner} with devd's labels in its {@code metadata.labels}; the same map when it has
     * them already.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withLabels(Map<String, Object> owner) {
      Map<String, Object> metadata =
          owner.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      Map<String, Object> existing =
          metadata.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
      boolean present = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        present &= label.getValue().equals(existing.get(label.getKey()));
      }
      if (present) return owner;
      Map<String, Object> merged = new LinkedHashMap<>(existing);
      merged.putAll(labels);
      return CopyOnWrite.withFirst(owner, "metadata", CopyOnWrite.with(metadata, "labels", merged));
    }
  }
}
