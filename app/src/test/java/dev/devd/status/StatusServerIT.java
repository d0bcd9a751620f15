package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.runtime.PodSnapshot;
import dev.devd.testing.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real status server on a free port, called over HTTP as the page, the CLI and curl call it. */
class StatusServerIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final StatusBoard board = new StatusBoard(clock);
  private final List<String> triggered = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private StatusServer server;

  @BeforeEach
  void start() throws IOException {
    board.register("web", "image", "auto", List.of("frontend", "<i>team</i>"));
    board.register("gcr.io/team/api", "image", "manual");
    board.register("<b>tests</b>", "local", "auto");
    board.passStarted("web", "first update");
    clock.advance(Duration.ofMillis(1200));
    board.passEnded("web", true, Optional.empty(), Optional.of("web:devd-3f2a9c01d2e4b7a6"));
    board.pods("web", List.of(new PodSnapshot("web", "default", "web-5d9c", "Running", true, 0, false,
        List.of("web:devd-3f2a9c01d2e4b7a6"), List.of("web"), START)));
    board.passStarted("gcr.io/team/api", "first update");
    board.passEnded("gcr.io/team/api", false, Optional.of("build failed: `make` exited with 2"), Optional.empty());
    // A short heartbeat so a follower that went away is noticed quickly.
    server = StatusServer.start(board, name -> board.names().contains(name) && triggered.add(name), 0, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String bearer() {
    return "Bearer " + server.token();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive();
    assertThat(server.token()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void statusIsTheBoardsResourcesAsJson() throws Exception {
    HttpResponse<String> response = get("/api/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(StatusJson.readResources(response.body())).isEqualTo(board.snapshot());
    assertThat(response.body()).startsWith("[{\"name\":\"web\",\"kind\":\"image\",\"triggerMode\":\"auto\","
        + "\"labels\":[\"frontend\",\"<i>team</i>\"],\"state\":\"ok\","
        + "\"pendingChanges\":0,\"currentPass\":null,\"lastPass\":{\"reason\":\"first update\","
        + "\"startedAt\":\"2025-03-01T10:00:00Z\",\"finishedAt\":\"2025-03-01T10:00:01.200Z\",\"durationMs\":1200,"
        + "\"ok\":true,\"error\":null,\"deployedRef\":\"web:devd-3f2a9c01d2e4b7a6\"},"
        + "\"deployedRef\":\"web:devd-3f2a9c01d2e4b7a6\",\"pods\":[{\"namespace\":\"default\",\"name\":\"web-5d9c\"");
    assertThat(response.body()).doesNotContain(server.token());
    assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
  }

  @Test
  void logsArePagedBySequenceNumber() throws Exception {
    board.logLine("web", "one");
    board.logLine("gcr.io/team/api", "two");
    board.logLine("web", "three");

    LogPage all = StatusJson.readLogPage(get("/api/logs").body());
    assertThat(all.lines()).extracting(LogLine::prefixed)
        .containsExactly("[web] one", "[gcr.io/team/api] two", "[web] three");
    assertThat(all.next()).isEqualTo(3);

    board.logLine("web", "four");
    LogPage newer = StatusJson.readLogPage(get("/api/logs?after=" + all.next()).body());
    assertThat(newer.lines()).extracting(LogLine::prefixed).containsExactly("[web] four");

    LogPage api = StatusJson.readLogPage(get("/api/logs?resource=gcr.io%2Fteam%2Fapi&after=0").body());
    assertThat(api.lines()).extracting(LogLine::text).containsExactly("two");
  }

  @Test
  void logsOfAnUnknownResourceAreRefusedWithTheNamesThereAre() throws Exception {
    HttpResponse<String> response = get("/api/logs?resource=wbe");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo("unknown resource \"wbe\"; did you mean \"web\"?; known: <b>tests</b>, gcr.io/team/api, web");
  }

  @Test
  void logsWithABadLineNumberSayWhatToGive() throws Exception {
    HttpResponse<String> response = get("/api/logs?after=soon");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo("after=soon is not a line number; give the \"next\" of the last page, or 0");
  }

  @Test
  void aFollowedLogStreamsLinesAsTheyAreLoggedUntilTheClientGoesAway() throws Exception {
    board.logLine("web", "before");
    board.logLine("gcr.io/team/api", "not web");
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/api/logs?resource=web&follow=1")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/x-ndjson; charset=utf-8");
    List<String> received = new CopyOnWriteArrayList<>();
    InputStream body = response.body();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (!line.isBlank()) received.add(StatusJson.readLogLine(line).prefixed());
        }
      } catch (IOException closed) {
        // The test closed the stream.
      }
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsExactly("[web] before"));
    assertThat(server.followers()).isEqualTo(1);

    board.logLine("gcr.io/team/api", "still not web");
    board.logLine("web", "after");

    await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsExactly("[web] before", "[web] after"));

    body.close();
    reader.join(WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isZero());
  }

  @Test
  void stoppingTheServerEndsFollowedLogs() throws Exception {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/api/logs?follow=1")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isEqualTo(1));

    server.close();

    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isZero());
    response.body().close();
  }

  @Test
  void triggerWithTheTokenRunsTheResourcesUpdate() throws Exception {
    HttpResponse<String> response = post("/api/trigger/web", "Authorization", bearer());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"triggered\":\"web\"}");
    assertThat(triggered).containsExactly("web");
  }

  @Test
  void triggerFindsNamesWithSlashes() throws Exception {
    HttpResponse<String> response = post("/api/trigger/gcr.io%2Fteam%2Fapi", "Authorization", bearer());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(triggered).containsExactly("gcr.io/team/api");
  }

  @Test
  void triggerWithoutTheTokenIsRefused() throws Exception {
    HttpResponse<String> response = post("/api/trigger/web");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"devd\"");
    assertThat(StatusJson.readError(response.body())).isEqualTo("this request changes something and needs devd up's"
        + " token: send the header 'Authorization: Bearer TOKEN' with the token devd up printed at start (devd trigger"
        + " reads it from .devd/session.json)");
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerWithAWrongTokenIsRefused() throws Exception {
    HttpResponse<String> wrong = post("/api/trigger/web", "Authorization", "Bearer " + server.token().substring(1) + "x");
    HttpResponse<String> notBearer = post("/api/trigger/web", "Authorization", "Basic " + server.token());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(StatusJson.readError(wrong.body()))
        .isEqualTo("the token does not match this devd up's; use the one it printed at start (each devd up gets a new one)");
    assertThat(notBearer.statusCode()).isEqualTo(401);
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
    HttpResponse<String> response = post("/api/trigger/web", "Authorization", bearer(), "Origin", "https://evil.example");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(StatusJson.readError(response.body())).isEqualTo("requests from other sites are refused (Origin:"
        + " https://evil.example); open " + server.url() + " instead");
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerFromTheServersOwnPageIsAccepted() throws Exception {
    HttpResponse<String> numeric = post("/api/trigger/web", "Authorization", bearer(), "Origin", "http://127.0.0.1:" + server.port());
    HttpResponse<String> named = post("/api/trigger/web", "Authorization", bearer(), "Origin", "http://localhost:" + server.port());

    assertThat(numeric.statusCode()).isEqualTo(202);
    assertThat(named.statusCode()).isEqualTo(202);
    assertThat(triggered).containsExactly("web", "web");
  }

  @Test
  void anotherPortOfLocalhostIsAnotherSite() throws Exception {
    HttpResponse<String> response = post("/api/trigger/web", "Authorization", bearer(), "Origin", "http://localhost:3000");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerOfAnUnknownResourceSaysWhichThereAre() throws Exception {
    HttpResponse<String> response = post("/api/trigger/wbe", "Authorization", bearer());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo("unknown resource \"wbe\"; did you mean \"web\"?; known: <b>tests</b>, gcr.io/team/api, web");
  }

  @Test
  void triggerNeedsPost() throws Exception {
    HttpResponse<String> response = get("/api/trigger/web");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
    assertThat(triggered).isEmpty();
  }

  @Test
  void aRequestForAnotherHostNameIsRefused() throws Exception {
    // DNS rebinding: evil.example resolves to 127.0.0.1, so the browser sends its own name as Host. The JDK's client
    // will not send a foreign Host header, so this one is written by hand.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/status HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 403 ");
      assertThat(answer).contains("devd answers only at " + server.url() + ", not at evil.example:" + server.port());
      assertThat(answer).doesNotContain("web:devd-");
    }
  }

  @Test
  void thePageShowsEveryResourceAndHoldsTheTokenOnce() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    String page = response.body();
    assertThat(page).contains(">web <span class=\"label\">frontend</span> <span class=\"label\">&lt;i&gt;team&lt;/i&gt;</span><",
        ">gcr.io/team/api<", ">&lt;b&gt;tests&lt;/b&gt;<").doesNotContain("<b>tests</b>", "<i>team</i>");
    assertThat(page).contains("<meta name=\"devd-token\" content=\"" + server.token() + "\">");
    assertThat(page.split(server.token(), -1)).hasSize(2);
    assertThat(page).doesNotContain("src=\"http", "href=\"http");
    assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
  }

  @Test
  void thePageIsRefusedToOtherSites() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/")).header("Origin", "https://evil.example").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).doesNotContain(server.token());
  }

  @Test
  void otherPathsSayWhatThereIs() throws Exception {
    HttpResponse<String> response = get("/api/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo("nothing at /api/nope; devd serves /, /api/status, /api/logs and /api/trigger/NAME");
  }

  @Test
  void aTakenPortIsReportedWithWhatToDo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatusServer.start(board, name -> false, server.port()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot serve the status page on 127.0.0.1:" + server.port() + ": ")
        .hasMessageEndingWith("; is another devd up (or Tilt) using that port? stop it or choose another port");
  }
}
