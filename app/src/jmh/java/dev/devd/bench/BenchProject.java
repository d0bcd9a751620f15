package dev.devd.bench;

import dev.devd.config.ConfigLoader;
import dev.devd.config.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A project folder of a benchmark's own, written at set-up and deleted at tear-down, loaded as devd
 * loads it.
 */
final class BenchProject implements AutoCloseable {
  final Path root;

  private BenchProject(Path root) {
    this.root = root;
  }

  static BenchProject create() {
    try {
      return new BenchProject(Files.createTempDirectory("devd-jmh-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BenchProject write(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ProjectConfig load() throws Exception {
    return new ConfigLoader().load(root.resolve("devd.yaml"));
  }

  /**
   * Kubernetes YAML of {@code resources} devd resources of 5 objects each, all deployed with image
   * {@code app}: a Deployment and the 4 Services that select its pods (web, metrics, admin, debug
   * ports). The same YAML as scripts/bench/deploybench.py uses.
   */
  static String manifests(int resources) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < resources; i++) {
      String name = "web-" + i;
      yaml.append(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: %1$s, labels: {app: %1$s}}
          spec:
            replicas: 1
            selector: {matchLabels: {app: %1$s}}
            template:
              metadata: {labels: {app: %1$s}}
              spec:
                containers:
                  - name: web
                    image: app
                    ports: [{containerPort: 8080}, {containerPort: 9090}]
                    env: [{name: INDEX, value: "%2$d"}]
          ---
          """
              .formatted(name, i));
      for (String service : new String[] {"", "-metrics", "-admin", "-debug"}) {
        yaml.append(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: %1$s%2$s}
            spec: {selector: {app: %1$s}, ports: [{port: 80, targetPort: 8080}]}
            ---
            """
                .formatted(name, service));
      }
    }
    return yaml.toString();
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
