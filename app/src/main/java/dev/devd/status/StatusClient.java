package dev.devd.status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Talks to the status API of the {@code devd up} running for a project, found through its {@link
 * SessionFile}: what {@code devd status}, {@code trigger}, {@code logs}, {@code attach} and {@code
 * ls} use. Every request carries the session's token.
 */
public final class StatusClient {
  // devd up answers from memory; 30 s only guards against a devd up that hangs.
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

  private final Path project;
  private final SessionFile session;
  private final HttpClient http;

  private StatusClient(Path project, SessionFile session) {
    this.project = project;
    this.session = session;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** The API answered with an error; the message is the server's, written for the user. */
  public static final class RefusedException extends IOException {
    private final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * A client for the devd up of the project in {@code project} (the folder of its devd.yaml), whose
   * state folder is {@code stateDir}; fails when there is no session file or its process has ended.
   */
  public static StatusClient connect(Path project, Path stateDir) throws IOException {
    Optional<SessionFile> session = SessionFile.readFrom(stateDir);
    if (session.isEmpty() || !session.get().running()) throw new NotRunningException(project);
    return new StatusClient(project, session.get());
  }

  /** A client for the devd up of the project in {@code project} that wrote {@code session}. */
  public static StatusClient of(Path project, SessionFile session) {
    return new StatusClient(project, session);
  }

  public URI url() {
    return session.url();
  }

  /** The API's JSON array of resources, as it sent it. */
  public String statusJson() throws IOException {
    return send(get("api/status")).body();
  }

  public List<ResourceStatus> status() throws IOException {
    return StatusJson.readResources(statusJson());
  }

  /**
   * Runs the update of {@code resource} now; {@link RefusedException} with status 404 when there is
   * no such resource.
   */
  public void trigger(String resource) throws IOException {
    send(
        request("api/trigger/" + encode(resource))
            .timeout(ANSWER_WAIT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** Stops ({@code enabled} false) or resumes updating a resource, as the page's buttons do. */
  public void enable(String resource, boolean enabled) throws IOException {
    String path = "api/" + (enabled ? "enable/" : "disable/") + encode(resource);
    send(request(path).timeout(ANSWER_WAIT).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** The kept lines of {@code resource} (all when empty) after sequence number {@code after}. */
  public LogPage logs(Optional<String> resource, long after) throws IOException {
    return StatusJson.readLogPage(send(get(logsPath(resource, after, false))).body());
  }

  /**
   * Hands every line of {@code resource} (all when empty) after {@code after} to {@code each}, then
   * every new one as it is logged; returns when devd up ends the stream (it stopped).
   */
  public void follow(Optional<String> resource, long after, Consumer<LogLine> each)
      throws IOException {
    HttpRequest request = request(logsPath(resource, after, true)).GET().build();
    HttpResponse<InputStream> response = call(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        throw refused(
            response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    try (InputStream body = response.body();
        Stream<String> lines =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
      // Empty lines are the server's heartbeats.
      lines.filter(line -> !line.isBlank()).map(StatusJson::readLogLine).forEach(each);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String logsPath(Optional<String> resource, long after, boolean follow) {
    return "api/logs?after="
        + after
        + resource.map(name -> "&resource=" + encode(name)).orElse("")
        + (follow ? "&follow=1" : "");
  }

  private HttpRequest get(String path) {
    return request(path).timeout(ANSWER_WAIT).GET().build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(session.url().resolve(path))
        .header("Authorization", "Bearer " + session.token());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    HttpResponse<String> response =
        call(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() / 100 != 2) throw refused(response.statusCode(), response.body());
    return response;
  }

  private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws IOException {
    try {
      return http.send(request, body);
    } catch (ConnectException e) {
      // The process runs but nothing listens: its server stopped, or the pid now belongs to another
      // program.
      throw new NotRunningException(project);
    } catch (HttpTimeoutException e) {
      throw new IOException(
          "devd up at " + session.url() + " did not answer within " + ANSWER_WAIT.toSeconds() + "s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for devd up at " + session.url(), e);
    }
  }

  private RefusedException refused(int status, String body) {
    return new RefusedException(status, StatusJson.readError(body));
  }

  // Resource names may hold '/' and ':' (image refs); URLEncoder's '+' for a space would be read as
  // a plus in a path.
  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
