package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.status.StatusJson;
import dev.devd.testing.DevdProcess;
import dev.devd.testing.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API token of a real {@code devd up}: shown on its terminal and kept in its owner-only session
 * file, and nowhere another local user could read it: not in the page, the log buffer ({@code
 * /api/logs}) or the log file.
 */
class StatusTokenIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTokenIsOnTheTerminalAndInTheSessionFileOnly() throws Exception {
    TestProject project = new TestProject(temp);
    project.write("src/a.txt", "x");
    project.write(
        "devd.yaml",
        """
        localResources:
          - name: hello
            cmd: echo built hello
            deps: [src]
        """);

    try (DevdProcess devd = DevdProcess.start(temp, "up", "--port", "0")) {
      Matcher printed =
          await()
              .atMost(WAIT)
              .until(() -> DevdProcess.SIGN_IN.matcher(devd.stdout()), Matcher::find);
      URI page = URI.create(printed.group(1));
      String token = printed.group(3);
      String bearer = "Bearer " + token;

      // The log buffer: every line devd printed, the sign-in line's neighbours and the command's
      // output included.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(get(page.resolve("/api/logs"), "Authorization", bearer).body())
                      .contains("built hello", "devd is watching"));
      assertThat(get(page.resolve("/api/logs"), "Authorization", bearer).body())
          .doesNotContain(token);

      HttpResponse<String> refused = get(page.resolve("/api/status"));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(StatusJson.readError(refused.body()))
          .contains(
              "needs this devd up's token",
              ".devd/session.json",
              "open the status page through the link devd up printed on its terminal");
      assertThat(refused.body()).doesNotContain("hello");

      HttpResponse<String> locked = get(page);
      assertThat(locked.statusCode()).isEqualTo(401);
      assertThat(locked.body()).doesNotContain(token);
      HttpResponse<String> signIn =
          get(URI.create(printed.group(0).substring("status page: ".length())));
      assertThat(signIn.statusCode()).isEqualTo(303);
      String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      HttpResponse<String> opened = get(page, "Cookie", cookie);
      assertThat(opened.statusCode()).isEqualTo(200);
      assertThat(opened.body()).doesNotContain(token);
      assertThat(get(page.resolve("/assets/page.js")).body()).doesNotContain(token);

      Path state = temp.resolve(".devd");
      assertThat(Files.readString(state.resolve("session.json"))).contains(token);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
          .isEqualTo("rwx------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(state.resolve("session.json"))))
          .isEqualTo("rw-------");

      devd.signal("TERM");
      assertThat(devd.process().waitFor(30, TimeUnit.SECONDS)).as("devd ended").isTrue();
      Path logFile = state.resolve("devd.log");
      assertThat(Files.readString(logFile))
          .contains("built hello", "devd is watching", "stopped")
          .doesNotContain(token);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logFile)))
          .isEqualTo("rw-------");
      assertThat(devd.stdout()).containsOnlyOnce(token);
    }
  }

  @Test
  void aDevdFolderMadeByAnOlderDevdBecomesPrivate() throws Exception {
    TestProject project = new TestProject(temp);
    project.write("devd.yaml", "images: []\n");
    Path state = Files.createDirectories(temp.resolve(".devd"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = Files.writeString(state.resolve("devd.log"), "an old line\n");
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

    DevdProcess.run(temp, "validate");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(log)).startsWith("an old line\n");
  }
}
