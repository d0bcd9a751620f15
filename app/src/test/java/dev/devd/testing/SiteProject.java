package dev.devd.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An examples/hello-like project for tests on the podman runtime: {@code site/index.html} served by a static busybox
 * image that {@code build.sh} builds from scratch with buildah (each run appends a line to {@code builds.log}), and one
 * Deployment in {@code k8s/app.yaml} that publishes it on a free port of 127.0.0.1. devd.yaml is the test's own.
 *
 * @param name the image, Deployment and pod name (unique per test)
 * @param port the port on 127.0.0.1 the site is served on
 */
public record SiteProject(TestProject project, String name, int port) {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Writes the project's site, build script and YAML into {@code project}, on a free port. */
  public static SiteProject write(TestProject project, String name) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    project.write("site/index.html", "one");
    project.write("build.sh", """
        #!/bin/sh
        set -eu
        echo build >> builds.log
        ctr=$(buildah from scratch)
        trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
        buildah copy "$ctr" "$(command -v busybox || echo /bin/busybox)" /bin/busybox >/dev/null
        buildah run --isolation chroot "$ctr" /bin/busybox --install -s /bin
        buildah copy "$ctr" site /site >/dev/null
        buildah config --env PATH=/bin --entrypoint '["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/site"]' "$ctr"
        buildah commit --quiet "$ctr" "$EXPECTED_REF" >/dev/null
        """);
    project.path("build.sh").toFile().setExecutable(true);
    project.write("k8s/app.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s}
        spec:
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers:
                - name: web
                  image: %1$s
                  ports: [{containerPort: 8080, hostPort: %2$d, hostIP: 127.0.0.1}]
        """.formatted(name, port));
    return new SiteProject(project, name, port);
  }

  /** What the site serves at {@code file} now: its content, "HTTP 404" and the like, or why nothing answered. */
  public String served(String file) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + file))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return "unreachable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** How many times build.sh ran. */
  public int builds() {
    return project.lines("builds.log").size();
  }
}
