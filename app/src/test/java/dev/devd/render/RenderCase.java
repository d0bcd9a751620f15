package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.config.ConfigLoader;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.image.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One folder of {@code src/test/resources/render/}: a devd.yaml and the Kubernetes YAML it names,
 * loaded, parsed and grouped by devd's real classes, ready to render.
 */
final class RenderCase {
  /**
   * The golden-file folders, read from the source tree so that regenerating writes where git sees
   * it.
   */
  static final Path CASES = Path.of("src", "test", "resources", "render");

  final Path dir;
  final ProjectConfig config;
  final RenderOptions options;
  final ParsedManifests parsed;
  final List<K8sResource> resources;

  private RenderCase(Path dir) throws Exception {
    this.dir = dir;
    this.config = new ConfigLoader().load(dir.resolve("devd.yaml"));
    this.options = RenderOptions.of(config);
    this.parsed = new ManifestParser().parse(config);
    this.resources = new ResourceGrouper().group(parsed, options);
  }

  static RenderCase load(String name) throws Exception {
    Path dir = CASES.resolve(name);
    assertThat(dir)
        .as("render cases are read from the module folder (run the tests from app/)")
        .isDirectory();
    return new RenderCase(dir);
  }

  /**
   * Refs to deploy for every configured image: the image in a local registry, tagged with its place
   * in devd.yaml, so that the golden files show which configured image replaced what.
   */
  Map<String, ImageRef> deployRefs() {
    Map<String, ImageRef> refs = new LinkedHashMap<>();
    for (ImageConfig image : config.images()) {
      ImageRef ref = ImageRef.parse(image.ref());
      refs.put(
          image.ref(),
          ref.withoutTagOrDigest()
              .withRegistry(Optional.of("localhost:5000"))
              .withTag("devd-image" + image.index()));
    }
    return refs;
  }

  K8sResource resource(String name) {
    return resources.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no resource "
                        + name
                        + " in "
                        + resources.stream().map(K8sResource::name).toList()));
  }

  /** What the golden file holds: the warnings, then each resource's header and rendered objects. */
  String render() {
    StringBuilder text = new StringBuilder();
    for (String warning : new UnusedImages().warnings(config, parsed, resources, options)) {
      text.append("# warning: ").append(warning).append('\n');
    }
    ManifestRenderer renderer = new ManifestRenderer();
    YamlWriter writer = new YamlWriter();
    Map<String, ImageRef> deployRefs = deployRefs();
    for (K8sResource resource : resources) {
      text.append("# resource ")
          .append(resource.name())
          .append(", images ")
          .append(resource.imageRefs())
          .append('\n');
      text.append(writer.write(renderer.render(resource, deployRefs, options).objects()));
    }
    return text.toString();
  }

  Path expected() {
    return dir.resolve("expected.yaml");
  }

  boolean hasExpected() {
    return Files.isRegularFile(expected());
  }
}
