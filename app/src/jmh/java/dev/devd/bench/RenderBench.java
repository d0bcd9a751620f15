package dev.devd.bench;

import dev.devd.engine.ProjectModel;
import dev.devd.image.ImageRef;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestRenderer;
import dev.devd.render.RenderedManifests;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rendering 1,000 objects (200 resources, each a Deployment and the 4 Services that select it):
 * image refs replaced, pull policy set and devd's labels added, as every deploy pass does. Also
 * what a config load costs for them: parsing the YAML and grouping it into resources. Results are
 * for all 1,000 objects.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderBench {
  static final int RESOURCES = 200;

  private BenchProject project;
  private ProjectModel model;
  private final ManifestRenderer renderer = new ManifestRenderer();
  private Map<String, ImageRef> refs;

  @Setup
  public void setUp() throws Exception {
    project =
        BenchProject.create()
            .write(
                "devd.yaml",
                """
            k8sYaml: [k8s/app.yaml]
            images:
              - {ref: app, command: "true", deps: [src]}
            """)
            .write("src/main.go", "package main\n")
            .write("k8s/app.yaml", BenchProject.manifests(RESOURCES));
    model = ProjectModel.load(project.load());
    int objects = model.resources().stream().mapToInt(resource -> resource.objects().size()).sum();
    if (objects != 5 * RESOURCES || model.resources().size() != RESOURCES) {
      throw new IllegalStateException(
          objects + " objects in " + model.resources().size() + " resources");
    }
    refs = Map.of("app", ImageRef.parse("localhost:5000/app:devd-0123456789abcdef"));
  }

  @TearDown
  public void tearDown() {
    project.close();
  }

  @Benchmark
  public void render1000Objects(Blackhole hole) {
    for (K8sResource resource : model.resources()) {
      RenderedManifests rendered = renderer.render(resource, refs, model.renderOptions());
      hole.consume(rendered);
    }
  }

  @Benchmark
  public List<K8sResource> parseAndGroup1000Objects() throws Exception {
    return ProjectModel.load(model.config()).resources();
  }
}
