package dev.devd.bench;

import dev.devd.config.ImageConfig;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.SyncPlanner;
import dev.devd.liveupdate.UpdatePlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/**
 * Planning a live update of 1,000 changed files (a branch switch under two sync folders, a tenth of
 * them deleted) for an image with fallBackOn, two syncs and a run step, into two running
 * containers. Results are for the whole batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SyncPlanBench {
  static final int FILES = 1000;

  private BenchProject project;
  private ImageConfig image;
  private List<Path> changed;
  private Set<Path> deleted;
  private List<ContainerRef> containers;
  private final SyncPlanner planner = new SyncPlanner();

  @Setup
  public void setUp() throws Exception {
    project =
        BenchProject.create()
            .write(
                "devd.yaml",
                """
            images:
              - ref: web
                command: "true"
                deps: [web, assets, package.json]
                liveUpdate:
                  - fallBackOn: [package.json]
                  - sync: {local: web, remote: /srv/web}
                  - sync: {local: assets, remote: /srv/assets}
                  - run: {cmd: "touch /tmp/reload", trigger: [web/config]}
            """)
            .write("web/index.html", "x")
            .write("assets/logo.svg", "x")
            .write("package.json", "{}");
    image = project.load().images().get(0);
    changed = new ArrayList<>();
    deleted = new HashSet<>();
    for (int i = 0; i < FILES; i++) {
      Path file =
          project.root.resolve(
              (i % 3 == 0 ? "assets/img/" : "web/pages/p" + (i % 40) + "/") + "f" + i + ".html");
      changed.add(file);
      if (i % 10 == 0) deleted.add(file);
    }
    changed.add(project.root.resolve("web/config/site.json"));
    containers = List.of(container("web-1"), container("web-2"));
    UpdatePlan plan = planner.plan(image, changed, containers, path -> !deleted.contains(path));
    if (!(plan instanceof UpdatePlan.LiveUpdate))
      throw new IllegalStateException("expected a live update, got " + plan);
  }

  private static ContainerRef container(String pod) {
    return new ContainerRef(
        new ContainerRef.PodmanContainer(pod),
        pod + "/web",
        "localhost/web:devd-1",
        true,
        false,
        Instant.EPOCH);
  }

  @TearDown
  public void tearDown() {
    project.close();
  }

  @Benchmark
  public UpdatePlan plan1000ChangedFiles() {
    return planner.plan(image, changed, containers, path -> !deleted.contains(path));
  }
}
