package dev.devd.bench;

import dev.devd.config.ConfigLoader;
import dev.devd.config.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A project folder of a benchmark's own, written at set-up and deleted at tear-down, loaded as devd loads it. */
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
   * Kubernetes YAML of {@code resources} resources with 5 objects each: a Deployment of image {@code app} and the
   * Service that selects it (one devd resource), and a ConfigMap, a Secret and a ServiceAccount (uncategorized).
   */
  static String manifests(int resources) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < resources; i++) {
      String name = "web-" + i;
      yaml.append("""
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: %1$s, labels: {app: %1$s}}
          spec:
            replicas: 1
            selector: {matchLabels: {app: %1$s}}
            template:
              metadata: {labels: {app: %1$s}}
              spec:
                serviceAccountName: %1$s
                containers:
                  - name: web
                    image: app
                    ports: [{containerPort: 8080}]
                    env: [{name: INDEX, value: "%2$d"}]
                    envFrom: [{configMapRef: {name: %1$s-config}}]
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: %1$s}
          spec: {selector: {app: %1$s}, ports: [{port: 80, targetPort: 8080}]}
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: %1$s-config}
          data: {GREETING: "hello %2$d", LEVEL: info}
          ---
          apiVersion: v1
          kind: Secret
          metadata: {name: %1$s-secret}
          stringData: {token: "t%2$d"}
          ---
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: %1$s}
          ---
          """.formatted(name, i));
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
