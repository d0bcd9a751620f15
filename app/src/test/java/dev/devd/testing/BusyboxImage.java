package dev.devd.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The podman tests' project parts: a build script for a tiny image from scratch with buildah and
 * the static busybox (nothing to download), and what a port on 127.0.0.1 serves.
 */
public final class BusyboxImage {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private BusyboxImage() {}

  /**
   * A build.sh that appends a line to builds.log for each build, and builds $EXPECTED_REF from
   * scratch with busybox (its applets, sh among them, installed in /bin when {@code applets}), the
   * project folder {@code folder} copied to {@code /folder}, PATH=/bin, and this entrypoint (a JSON
   * array).
   */
  public static String buildScript(boolean applets, String folder, String entrypoint) {
    return """
        #!/bin/sh
        set -eu
        echo build >> builds.log
        ctr=$(buildah from scratch)
        trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
        buildah copy "$ctr" "$(command -v busybox || echo /bin/busybox)" /bin/busybox >/dev/null
        %s
        buildah copy "$ctr" %s /%s >/dev/null
        buildah config --env PATH=/bin --entrypoint '%s' "$ctr"
        buildah commit --quiet "$ctr" "$EXPECTED_REF" >/dev/null
        """
        .formatted(
            applets ? "buildah run --isolation chroot \"$ctr\" /bin/busybox --install -s /bin" : "",
            folder,
            folder,
            entrypoint);
  }

  /** The entrypoint of an image that serves {@code /folder} on port 8080 with busybox httpd. */
  public static String httpd(String folder) {
    return "[\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/" + folder + "\"]";
  }

  /**
   * What {@code http://127.0.0.1:PORT/PATH} serves: the body, {@code HTTP <code>}, or {@code
   * unreachable: …}.
   */
  public static String served(int port, String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return "unreachable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
