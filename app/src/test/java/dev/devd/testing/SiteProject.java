package dev.devd.testing;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * An examples/hello-like project for tests on the podman runtime: {@code site/index.html} served by
 * a static busybox image that {@code build.sh} builds from scratch with buildah (each run appends a
 * line to {@code builds.log}), and one Deployment in {@code k8s/app.yaml} that publishes it on a
 * free port of 127.0.0.1. devd.yaml is the test's own.
 *
 * @param name the image, Deployment and pod name (unique per test)
 * @param port the port on 127.0.0.1 the site is served on
 */
public record SiteProject(TestProject project, String name, int port) {
  /** Writes the project's site, build script and YAML into {@code project}, on a free port. */
  public static SiteProject write(TestProject project, String name) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    project.write("site/index.html", "one");
    project.write("build.sh", BusyboxImage.buildScript(true, "site", BusyboxImage.httpd("site")));
    project.path("build.sh").toFile().setExecutable(true);
    project.write(
        "k8s/app.yaml",
        YamlFixtures.publishing(
            name, name, "{containerPort: 8080, hostPort: " + port + ", hostIP: 127.0.0.1}"));
    return new SiteProject(project, name, port);
  }

  /**
   * What the site serves at {@code file} now: its content, "HTTP 404" and the like, or why nothing
   * answered.
   */
  public String served(String file) {
    return BusyboxImage.served(port, file);
  }

  /** How many times build.sh ran. */
  public int builds() {
    return project.lines("builds.log").size();
  }
}
