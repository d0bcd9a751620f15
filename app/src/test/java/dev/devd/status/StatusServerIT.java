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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real status server on a free port, called over HTTP as the page, the CLI and curl call it.
 */
class StatusServerIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final StatusBoard board = new StatusBoard(clock);
  private final List<String> triggered = new CopyOnWriteArrayList<>();
  private final List<String> switched = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private StatusServer server;
  private final List<InputStream> streams = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    board.register("web", "image", "auto", List.of("frontend", "<i>team</i>"));
    board.register("gcr.io/team/api", "image", "manual");
    board.register("<b>tests</b>", "local", "auto");
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    clock.advance(Duration.ofMillis(1200));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));
    board.pods(
        "web",
        List.of(
            new PodSnapshot(
                "web",
                "default",
                "web-5d9c",
                "Running",
                true,
                0,
                false,
                List.of("web:devd-3f2a9c01d2e4b7a6"),
                List.of("web"),
                START)));
    board.passStarted("gcr.io/team/api", new PassStart("first update", PassKind.BUILD));
    board.passEnded(
        "gcr.io/team/api", PassEnd.failed(PassKind.BUILD, "build failed: `make` exited with 2"));
    board.links("web", List.of(ResourceLink.portForward("127.0.0.1", 8000, 80)));
    // A short heartbeat so a follower that went away is noticed quickly.
    server =
        StatusServer.start(
            board,
            name -> board.names().contains(name) && triggered.add(name),
            Optional.of(
                (name, enabled) ->
                    board.names().contains(name) && switched.add(name + "=" + enabled)),
            0,
            Duration.ofMillis(100),
            TokenGate.newToken());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    for (InputStream stream : streams) stream.close();
  }

  private URI uri(String path) {
    return server.url().resolve(path);
  }

  /** A GET with the token, as the CLI sends it. */
  private HttpResponse<String> get(String path) throws Exception {
    return getWith(path, "Authorization", bearer());
  }

  private HttpResponse<String> getWith(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The cookie the sign-in link sets, as a browser sends it back. */
  private String cookie() {
    return "devd_token_" + server.port() + "=" + server.token();
  }

  private HttpResponse<String> post(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
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
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
    assertThat(StatusJson.readResources(response.body())).isEqualTo(board.snapshot());
    String pass =
        "{\"reason\":\"first update\",\"kind\":\"build\",\"startedAt\":\"2025-03-01T10:00:00Z\","
            + "\"finishedAt\":\"2025-03-01T10:00:01.200Z\",\"durationMs\":1200,\"ok\":true,\"error\":null,"
            + "\"deployedRef\":\"web:devd-3f2a9c01d2e4b7a6\",\"syncedFiles\":0}";
    assertThat(response.body())
        .startsWith(
            "[{\"name\":\"web\",\"kind\":\"image\",\"triggerMode\":\"auto\","
                + "\"labels\":[\"frontend\",\"<i>team</i>\"],\"enabled\":true,\"state\":\"ok\","
                + "\"pendingChanges\":0,\"currentPass\":null,\"lastPass\":"
                + pass
                + ",\"history\":["
                + pass
                + "],"
                + "\"deployedRef\":\"web:devd-3f2a9c01d2e4b7a6\",\"liveUpdate\":null,"
                + "\"links\":[{\"url\":\"http://127.0.0.1:8000/\",\"label\":\"port-forward 8000 → 80\"}],"
                + "\"pods\":[{\"namespace\":\"default\",\"name\":\"web-5d9c\"");
    assertThat(response.body()).doesNotContain(server.token());
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control"));
  }

  @Test
  void logsArePagedBySequenceNumber() throws Exception {
    board.logLine("web", "one");
    board.logLine("gcr.io/team/api", "two");
    board.logLine("web", "three");

    LogPage all = StatusJson.readLogPage(get("/api/logs").body());
    assertThat(all.lines())
        .extracting(LogLine::prefixed)
        .containsExactly("[web] one", "[gcr.io/team/api] two", "[web] three");
    assertThat(all.next()).isEqualTo(3);

    board.logLine("web", "four");
    LogPage newer = StatusJson.readLogPage(get("/api/logs?after=" + all.next()).body());
    assertThat(newer.lines()).extracting(LogLine::prefixed).containsExactly("[web] four");

    LogPage api =
        StatusJson.readLogPage(get("/api/logs?resource=gcr.io%2Fteam%2Fapi&after=0").body());
    assertThat(api.lines()).extracting(LogLine::text).containsExactly("two");
  }

  @Test
  void logsOfAnUnknownResourceAreRefusedWithTheNamesThereAre() throws Exception {
    HttpResponse<String> response = get("/api/logs?resource=wbe");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo(
            "unknown resource \"wbe\"; did you mean \"web\"?; known: <b>tests</b>, gcr.io/team/api, web");
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
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri("/api/logs?resource=web&follow=1"))
                .header("Authorization", bearer())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/x-ndjson; charset=utf-8");
    List<String> received = new CopyOnWriteArrayList<>();
    InputStream body = response.body();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
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

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(received).containsExactly("[web] before", "[web] after"));

    body.close();
    reader.join(WAIT);
    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isZero());
  }

  @Test
  void stoppingTheServerEndsFollowedLogs() throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri("/api/logs?follow=1"))
                .header("Authorization", bearer())
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isEqualTo(1));

    server.close();

    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isZero());
    response.body().close();
  }

  /** One server-sent event as a browser's EventSource sees it. */
  private record Event(String name, String id, String data) {}

  /**
   * Reads the events of {@code path} on another thread until the stream ends; the body closes with
   * the test.
   */
  private List<Event> follow(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).header("Authorization", bearer());
    if (headers.length > 0) request.headers(headers);
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/event-stream; charset=utf-8");
    streams.add(response.body());
    List<Event> events = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                String id = "";
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(name, id, data.toString()));
                    name = "message";
                    data.setLength(0);
                  } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                  } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                  } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                  }
                }
              } catch (IOException closed) {
                // The test or the server closed the stream.
              }
            });
    return events;
  }

  private static List<String> statesOf(List<Event> events, String resource) {
    return events.stream()
        .filter(event -> event.name().equals("status"))
        .map(
            event ->
                StatusJson.readResources(event.data()).stream()
                    .filter(r -> r.name().equals(resource))
                    .findFirst()
                    .orElseThrow()
                    .state()
                    .shown())
        .toList();
  }

  private static List<String> linesOf(List<Event> events) {
    return events.stream()
        .filter(event -> event.name().equals("logs"))
        .flatMap(event -> StatusJson.readLogPage(event.data()).lines().stream())
        .map(LogLine::prefixed)
        .toList();
  }

  @Test
  void eventsStreamTheResourcesThenEachChangeAndEachNewLine() throws Exception {
    board.logLine("web", "before");
    List<Event> events = follow("/api/events");

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(statesOf(events, "web")).containsExactly("ok"));
    assertThat(StatusJson.readResources(events.getFirst().data())).isEqualTo(board.snapshot());
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(linesOf(events)).containsExactly("[web] before"));

    board.passStarted("web", new PassStart("1 file changed: index.html", PassKind.LIVE_UPDATE));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(statesOf(events, "web")).containsExactly("ok", "updating"));
    board.logLine("web", "synced 1 file");
    board.passEnded("web", PassEnd.liveUpdated(1));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(statesOf(events, "web"))
                    .endsWith("ok")
                    .containsSubsequence("ok", "updating", "ok"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(linesOf(events)).containsExactly("[web] before", "[web] synced 1 file"));
    Event lastLines =
        events.stream().filter(event -> event.name().equals("logs")).toList().getLast();
    assertThat(lastLines.id())
        .isEqualTo(Long.toString(StatusJson.readLogPage(lastLines.data()).next()));
    assertThat(server.followers()).isEqualTo(1);
    assertThat(server.requests("/api/status")).as("nothing polled").isZero();
  }

  @Test
  void eventsResumeAfterTheLastEventIdABrowserSendsBack() throws Exception {
    board.logLine("web", "seen before the drop");
    long seen = board.lines(Optional.empty(), 0).next();
    board.logLine("web", "missed while away");

    List<Event> events = follow("/api/events?after=0", "Last-Event-ID", Long.toString(seen));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(linesOf(events)).containsExactly("[web] missed while away"));
  }

  @Test
  void eventsOfOneResourceCarryOnlyItsLines() throws Exception {
    board.logLine("web", "web's");
    board.logLine("gcr.io/team/api", "api's");
    List<Event> events = follow("/api/events?resource=gcr.io%2Fteam%2Fapi");

    board.logLine("web", "web's again");
    board.logLine("gcr.io/team/api", "api's again");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(linesOf(events))
                    .containsExactly("[gcr.io/team/api] api's", "[gcr.io/team/api] api's again"));
  }

  @Test
  void stoppingTheServerEndsEventStreams() throws Exception {
    follow("/api/events");
    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isEqualTo(1));

    server.close();

    await().atMost(WAIT).untilAsserted(() -> assertThat(server.followers()).isZero());
  }

  @Test
  void enableAndDisableCallTheSwitch() throws Exception {
    HttpResponse<String> disable = post("/api/disable/web", "Authorization", bearer());
    HttpResponse<String> enable =
        post("/api/enable/gcr.io%2Fteam%2Fapi", "Authorization", bearer());
    HttpResponse<String> unknown = post("/api/disable/wbe", "Authorization", bearer());

    assertThat(disable.statusCode()).isEqualTo(202);
    assertThat(disable.body()).isEqualTo("{\"resource\":\"web\",\"enabled\":false}");
    assertThat(enable.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(unknown.body()))
        .startsWith("unknown resource \"wbe\"; did you mean \"web\"?");
    assertThat(switched).containsExactly("web=false", "gcr.io/team/api=true");
  }

  @Test
  void enableWithoutASwitchSaysThisDevdUpCannot() throws Exception {
    try (StatusServer plain = StatusServer.start(board, name -> true, 0)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(plain.url().resolve("/api/enable/web"))
                  .header("Authorization", "Bearer " + plain.token())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(501);
      assertThat(StatusJson.readError(response.body()))
          .isEqualTo(
              "this devd up cannot enable resources yet; stop it and"
                  + " start it with only the resources you want (devd up NAME...)");
    }
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
    HttpResponse<String> response =
        post("/api/trigger/gcr.io%2Fteam%2Fapi", "Authorization", bearer());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(triggered).containsExactly("gcr.io/team/api");
  }

  private static final String NO_TOKEN =
      "devd's API needs this devd up's token: send the header 'Authorization:"
          + " Bearer TOKEN' with the token from .devd/session.json (devd status, devd logs and devd trigger read it from"
          + " there), or open the status page through the link devd up printed on its terminal";

  @Test
  void statusWithoutTheTokenIsRefusedWithHowToGetIn() throws Exception {
    HttpResponse<String> response = getWith("/api/status");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"devd\"");
    assertThat(StatusJson.readError(response.body())).isEqualTo(NO_TOKEN);
    assertThat(response.body()).doesNotContain("web");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/status",
    "GET, /api/logs",
    "GET, /api/logs?follow=1",
    "GET, /api/events",
    "GET, /api/nope",
    "POST, /api/trigger/web",
    "POST, /api/enable/web",
    "POST, /api/disable/web"
  })
  void everyApiRequestNeedsTheToken(String method, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(StatusJson.readError(response.body())).isEqualTo(NO_TOKEN);
    assertThat(triggered).isEmpty();
    assertThat(switched).isEmpty();
  }

  @Test
  void aWrongTokenIsRefusedAsHeaderOrCookie() throws Exception {
    String wrongToken = server.token().substring(1) + "x";
    HttpResponse<String> wrong = post("/api/trigger/web", "Authorization", "Bearer " + wrongToken);
    HttpResponse<String> notBearer =
        post("/api/trigger/web", "Authorization", "Basic " + server.token());
    HttpResponse<String> wrongCookie =
        getWith("/api/status", "Cookie", "devd_token_" + server.port() + "=" + wrongToken);
    HttpResponse<String> otherPortsCookie =
        getWith("/api/status", "Cookie", "devd_token_1=" + server.token());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(StatusJson.readError(wrong.body()))
        .isEqualTo(
            "the token does not match this devd up's (each devd up makes"
                + " a new one): read it again from .devd/session.json, or open the link devd up printed on its terminal");
    assertThat(notBearer.statusCode()).isEqualTo(401);
    assertThat(wrongCookie.statusCode()).isEqualTo(401);
    assertThat(otherPortsCookie.statusCode()).isEqualTo(401);
    assertThat(triggered).isEmpty();
  }

  @Test
  void theSignInLinkSetsAnHttpOnlyStrictCookieAndRedirectsToTheCleanUrl() throws Exception {
    HttpResponse<String> signIn =
        getWith(server.openUrl().getRawPath() + "?" + server.openUrl().getRawQuery());

    assertThat(server.openUrl()).hasToString(server.url() + "?token=" + server.token());
    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location")).contains("/");
    assertThat(signIn.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(signIn.headers().allValues("Set-Cookie"))
        .containsExactly(cookie() + "; Path=/; HttpOnly; SameSite=Strict");
    assertThat(signIn.body()).isEmpty();

    HttpResponse<String> status = getWith("/api/status", "Cookie", "other=1; " + cookie());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(StatusJson.readResources(status.body())).isEqualTo(board.snapshot());
  }

  @Test
  void theSignInLinkOfAResourceViewRedirectsToThatView() throws Exception {
    HttpResponse<String> signIn = getWith("/r/gcr.io%2Fteam%2Fapi?token=" + server.token());

    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location")).contains("/r/gcr.io%2Fteam%2Fapi");
  }

  @Test
  void aSignInLinkWithAnotherRunsTokenSaysSo() throws Exception {
    HttpResponse<String> response = getWith("/?token=" + TokenGate.newToken());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(response.body())
        .contains("This link&#39;s token is not this devd up&#39;s: each devd up makes a new one.");
  }

  @Test
  void thePageWithoutTheTokenSaysHowToGetInAndShowsNothingElse() throws Exception {
    HttpResponse<String> response = getWith("/");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(response.body())
        .contains(
            "Open the link devd up printed on its terminal (status page: http://127.0.0.1:"
                + server.port()
                + "/?token=…)");
    assertThat(response.body()).doesNotContain(server.token(), "gcr.io", "web:devd-", "<script");
  }

  @Test
  void thePageHoldsNoTokenNoDataAndRunsOnlyItsOwnScript() throws Exception {
    HttpResponse<String> response = getWith("/", "Cookie", cookie());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    String page = response.body();
    assertThat(page).doesNotContain(server.token(), "gcr.io", "web:devd-", "frontend");
    String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
    String nonce = csp.replaceFirst(".*script-src 'nonce-([^']+)'.*", "$1");
    assertThat(csp)
        .contains(
            "default-src 'none'", "style-src 'nonce-" + nonce + "'", "frame-ancestors 'none'");
    assertThat(page)
        .contains(
            "<script src=\"/assets/page.js\" nonce=\"" + nonce + "\" defer></script>",
            "<link rel=\"stylesheet\" href=\"/assets/page.css\" nonce=\"" + nonce + "\">");
    assertThat(page)
        .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
        .doesNotContain("src=\"http", "href=\"http", "<style");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control"));
    assertThat(
            getWith("/", "Cookie", cookie())
                .headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow())
        .as("a new nonce for every page")
        .isNotEqualTo(csp);
  }

  @Test
  void theResourceViewIsThePage() throws Exception {
    HttpResponse<String> response = getWith("/r/gcr.io%2Fteam%2Fapi", "Cookie", cookie());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<main id=\"resource\" hidden>");
  }

  @Test
  void theScriptAndStyleSheetComeFromTheJarWithoutTheToken() throws Exception {
    HttpResponse<String> script = getWith("/assets/page.js");
    HttpResponse<String> style = getWith("/assets/page.css");
    HttpResponse<String> missing = getWith("/assets/nope.js");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .contains("text/javascript; charset=utf-8");
    assertThat(script.body())
        .contains("new EventSource(")
        .doesNotContain("setInterval(refresh", "/api/status\"");
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void triggerFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
    HttpResponse<String> response =
        post("/api/trigger/web", "Authorization", bearer(), "Origin", "https://evil.example");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo(
            "requests from other sites are refused (Origin:"
                + " https://evil.example); open "
                + server.url()
                + " instead");
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerFromTheServersOwnPageIsAccepted() throws Exception {
    HttpResponse<String> numeric =
        post(
            "/api/trigger/web",
            "Authorization",
            bearer(),
            "Origin",
            "http://127.0.0.1:" + server.port());
    HttpResponse<String> named =
        post(
            "/api/trigger/web",
            "Authorization",
            bearer(),
            "Origin",
            "http://localhost:" + server.port());

    assertThat(numeric.statusCode()).isEqualTo(202);
    assertThat(named.statusCode()).isEqualTo(202);
    assertThat(triggered).containsExactly("web", "web");
  }

  @Test
  void anotherPortOfLocalhostIsAnotherSite() throws Exception {
    HttpResponse<String> response =
        post("/api/trigger/web", "Authorization", bearer(), "Origin", "http://localhost:3000");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(triggered).isEmpty();
  }

  @Test
  void triggerOfAnUnknownResourceSaysWhichThereAre() throws Exception {
    HttpResponse<String> response = post("/api/trigger/wbe", "Authorization", bearer());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo(
            "unknown resource \"wbe\"; did you mean \"web\"?; known: <b>tests</b>, gcr.io/team/api, web");
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
    // DNS rebinding: evil.example resolves to 127.0.0.1, so the browser sends its own name as Host.
    // The JDK's client
    // will not send a foreign Host header, so this one is written by hand.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/status HTTP/1.1\r\nHost: evil.example:"
                  + server.port()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 403 ");
      assertThat(answer)
          .contains(
              "devd answers only at " + server.url() + ", not at evil.example:" + server.port());
      assertThat(answer).doesNotContain("web:devd-");
    }
  }

  @Test
  void oneConnectionCarriesRequestsOneAfterTheOther() throws Exception {
    // Written by hand so that both requests certainly share one connection, the second closing it.
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      String host = "Host: 127.0.0.1:" + server.port() + "\r\nAuthorization: " + bearer() + "\r\n";
      out.write(
          ("GET /api/status HTTP/1.1\r\n"
                  + host
                  + "\r\nPOST /api/trigger/web HTTP/1.1\r\n"
                  + host
                  + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answers).startsWith("HTTP/1.1 200 ");
      assertThat(answers).contains("web:devd-");
      assertThat(answers.substring(answers.indexOf("HTTP/1.1", 1))).startsWith("HTTP/1.1 202 ");
      assertThat(triggered).containsExactly("web");
    }
  }

  @Test
  void whatIsNotAnHttpRequestIsAnsweredBadRequest() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400 ");
      assertThat(answer).contains("not an HTTP/1.1 request line");
    }
  }

  @Test
  void thePageIsRefusedToOtherSites() throws Exception {
    HttpResponse<String> response =
        getWith("/", "Origin", "https://evil.example", "Cookie", cookie());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).doesNotContain(server.token());
  }

  @Test
  void otherPathsSayWhatThereIs() throws Exception {
    HttpResponse<String> response = get("/api/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(StatusJson.readError(response.body()))
        .isEqualTo(
            "nothing at /api/nope; devd serves /, /r/NAME and /api/status, /api/events, /api/logs,"
                + " /api/trigger/NAME, /api/enable/NAME and /api/disable/NAME");
  }

  @Test
  void aTakenPortIsReportedWithWhatToDo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StatusServer.start(board, name -> false, server.port()))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot serve the status page on 127.0.0.1:" + server.port() + ": ")
        .hasMessageEndingWith(
            "; is another devd up (or Tilt) using that port? stop it or choose another port");
  }
}
