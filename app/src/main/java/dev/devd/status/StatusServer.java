package dev.devd.status;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.devd.config.KeySuggester;
import dev.devd.console.ResourceLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The status page and JSON API of a running {@code devd up}, served on 127.0.0.1 only (by {@link
 * ConnectionServer}): the page at {@code GET /} and {@code GET /r/NAME} (one resource), its files
 * under {@code /assets/}, and the API: {@code GET /api/status}, {@code GET /api/events}
 * (server-sent events), {@code GET /api/logs?resource=NAME&after=SEQ[&follow=1]}, {@code POST
 * /api/trigger/NAME}, {@code POST /api/enable/NAME} and {@code POST /api/disable/NAME}.
 *
 * <p>Safety (SPEC §6): every {@code /api/} request, reading ones included, needs this run's random
 * token, as {@code Authorization: Bearer TOKEN} or as the HttpOnly cookie that the sign-in link
 * ({@link #openUrl()}, printed on devd up's terminal only) sets before it redirects to the clean
 * URL; the page itself is served only to a browser that has the cookie, and holds no token. Every
 * request whose {@code Origin} is not this server's own, or whose {@code Host} is not 127.0.0.1 or
 * localhost at this port, is refused: the first stops other web sites from using a developer's
 * browser against devd, the second stops DNS rebinding (a foreign name resolving to 127.0.0.1 would
 * otherwise make devd same-origin to that site). No CORS headers are ever sent, so other origins
 * cannot read any answer.
 */
public final class StatusServer implements AutoCloseable {
  /**
   * The port {@code devd up} serves on unless told otherwise; Tilt's, so muscle memory carries
   * over.
   */
  public static final int DEFAULT_PORT = 10350;

  // A followed log or event stream writes a heartbeat this often when nothing happened: it is the
  // only way to notice
  // that the client went away (a blocked wait never sees the socket close), and it keeps idle
  // proxies from closing it.
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final String RESOURCE_PAGE = "/r/";
  private static final String ASSETS = "/assets/";
  private static final String TRIGGER_PATH = "/api/trigger/";
  private static final String ENABLE_PATH = "/api/enable/";
  private static final String DISABLE_PATH = "/api/disable/";
  private static final String JSON = "application/json; charset=utf-8";
  private static final String SERVED =
      "devd serves /, /r/NAME and /api/status, /api/events, /api/logs,"
          + " /api/trigger/NAME, /api/enable/NAME and /api/disable/NAME";

  private final ConnectionServer server;
  private final StatusBoard board;
  private final ResourceTrigger trigger;
  private final Optional<ResourceSwitch> resourceSwitch;
  private final String token;
  private final TokenGate gate;
  private final int port;
  private final Duration heartbeat;
  private final EventStream events;
  private final List<String> ownHosts;
  private final List<String> ownOrigins;
  private final AtomicInteger followers = new AtomicInteger();
  // Requests per endpoint that a page could poll, so a test can tell that the page does not.
  private final Map<String, LongAdder> requests =
      Map.of(
          "/api/status",
          new LongAdder(),
          "/api/events",
          new LongAdder(),
          "/api/logs",
          new LongAdder());

  private StatusServer(
      ConnectionServer server,
      StatusBoard board,
      ResourceTrigger trigger,
      Optional<ResourceSwitch> resourceSwitch,
      String token,
      Duration heartbeat) {
    this.server = server;
    this.board = board;
    this.trigger = trigger;
    this.resourceSwitch = resourceSwitch;
    this.token = token;
    this.port = server.address().getPort();
    this.gate = new TokenGate(token, port);
    this.heartbeat = heartbeat;
    this.events = new EventStream(board, heartbeat);
    this.ownHosts = List.of("127.0.0.1:" + port, "localhost:" + port);
    this.ownOrigins = List.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  /**
   * Serves {@code board} on 127.0.0.1 at {@code port} (0: any free port) with a new random token;
   * trigger requests call {@code trigger}; enable and disable requests are refused, saying this
   * devd up cannot do them. Close it to stop: its threads keep the JVM alive.
   */
  public static StatusServer start(StatusBoard board, ResourceTrigger trigger, int port)
      throws IOException {
    return start(board, trigger, Optional.empty(), port, HEARTBEAT, TokenGate.newToken());
  }

  /**
   * Like {@link #start(StatusBoard, ResourceTrigger, int)}; enable and disable requests call {@code
   * resourceSwitch}.
   */
  public static StatusServer start(
      StatusBoard board, ResourceTrigger trigger, ResourceSwitch resourceSwitch, int port)
      throws IOException {
    return start(
        board, trigger, Optional.of(resourceSwitch), port, HEARTBEAT, TokenGate.newToken());
  }

  static StatusServer start(
      StatusBoard board,
      ResourceTrigger trigger,
      Optional<ResourceSwitch> resourceSwitch,
      int port,
      Duration heartbeat,
      String token)
      throws IOException {
    InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    ConnectionServer server;
    try {
      server = ConnectionServer.bind(new InetSocketAddress(loopback, port));
    } catch (BindException e) {
      throw new IOException(
          "cannot serve the status page on 127.0.0.1:"
              + port
              + ": "
              + e.getMessage()
              + "; is another devd up (or Tilt) using that port? stop it or choose another port",
          e);
    }
    StatusServer status =
        new StatusServer(server, board, trigger, resourceSwitch, token, heartbeat);
    // Each connection is served on a virtual thread of its own: a followed log or event stream
    // holds it for as long as
    // the client reads.
    server.start(status::handle);
    return status;
  }

  public int port() {
    return port;
  }

  /**
   * The token every API request must carry; {@code devd up} writes it to the owner-only session
   * file and prints it on its terminal inside {@link #openUrl()}, and nowhere else.
   */
  public String token() {
    return token;
  }

  /** The page's clean address, without the token. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /**
   * The sign-in link for the terminal: it carries the token once; opening it sets the page's cookie
   * and redirects to {@link #url()}.
   */
  public URI openUrl() {
    return url().resolve("/?token=" + token);
  }

  /** How many clients follow a log or the events right now. */
  int followers() {
    return followers.get();
  }

  /**
   * How many requests for {@code path} (/api/status, /api/events or /api/logs) reached the server,
   * whatever their answer.
   */
  int requests(String path) {
    return requests.get(path).intValue();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      LongAdder count = requests.get(exchange.getRequestURI().getPath());
      if (count != null) count.increment();
      route(exchange);
    } catch (IOException clientGone) {
      // The client closed the connection; there is nobody to answer.
    } catch (RuntimeException e) {
      // The path only: the query of a sign-in link holds the token, which never goes to the log.
      ResourceLog.devd()
          .debug(
              "status server: "
                  + exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " failed",
              e);
      try {
        sendError(exchange, 500, "internal error: " + e + " (details in .devd/devd.log)");
      } catch (IOException | RuntimeException ignored) {
        // The answer may have started already; the log has the cause.
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().close();
    Headers request = exchange.getRequestHeaders();
    String host = request.getFirst("Host");
    if (host != null && !ownHosts.contains(host.toLowerCase(Locale.ROOT))) {
      sendError(exchange, 403, "devd answers only at " + url() + ", not at " + host);
      return;
    }
    String origin = request.getFirst("Origin");
    if (origin != null && !ownOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
      sendError(
          exchange,
          403,
          "requests from other sites are refused (Origin: "
              + origin
              + "); open "
              + url()
              + " instead");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/") || path.startsWith(RESOURCE_PAGE)) {
      if (allowed(exchange, method, "GET")) page(exchange);
    } else if (path.startsWith(ASSETS)) {
      if (allowed(exchange, method, "GET")) asset(exchange, path.substring(ASSETS.length()));
    } else if (path.startsWith("/api/")) {
      if (authorized(exchange)) api(exchange, method, path);
    } else {
      sendError(exchange, 404, "nothing at " + path + "; " + SERVED);
    }
  }

  private void api(HttpExchange exchange, String method, String path) throws IOException {
    if (path.equals("/api/status")) {
      if (allowed(exchange, method, "GET"))
        send(exchange, 200, JSON, StatusJson.resources(board.snapshot()));
    } else if (path.equals("/api/events")) {
      if (allowed(exchange, method, "GET")) events(exchange);
    } else if (path.equals("/api/logs")) {
      if (allowed(exchange, method, "GET")) logs(exchange);
    } else if (path.startsWith(TRIGGER_PATH)) {
      if (allowed(exchange, method, "POST"))
        trigger(exchange, path.substring(TRIGGER_PATH.length()));
    } else if (path.startsWith(ENABLE_PATH)) {
      if (allowed(exchange, method, "POST"))
        switchResource(exchange, path.substring(ENABLE_PATH.length()), true);
    } else if (path.startsWith(DISABLE_PATH)) {
      if (allowed(exchange, method, "POST"))
        switchResource(exchange, path.substring(DISABLE_PATH.length()), false);
    } else {
      sendError(exchange, 404, "nothing at " + path + "; " + SERVED);
    }
  }

  private boolean allowed(HttpExchange exchange, String method, String expected)
      throws IOException {
    if (method.equals(expected)) return true;
    exchange.getResponseHeaders().set("Allow", expected);
    sendError(
        exchange,
        405,
        exchange.getRequestURI().getPath() + " takes " + expected + ", not " + method);
    return false;
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    TokenGate.Presented presented = gate.check(exchange.getRequestHeaders());
    if (presented == TokenGate.Presented.RIGHT) return true;
    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"devd\"");
    sendError(
        exchange,
        401,
        presented == TokenGate.Presented.NONE
            ? "devd's API needs this devd up's token: send the header 'Authorization: Bearer TOKEN' with the token from"
                + " .devd/session.json (devd status, devd logs and devd trigger read it from there), or open the status page"
                + " through the link devd up printed on its terminal"
            : "the token does not match this devd up's (each devd up makes a new one): read it again from"
                + " .devd/session.json, or open the link devd up printed on its terminal");
    return false;
  }

  // The page for a browser with the cookie; the sign-in link sets it and redirects to the same page
  // without the token.
  private void page(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    if (query == null) return;
    Optional<String> offered = Optional.ofNullable(query.get("token"));
    Headers headers = exchange.getResponseHeaders();
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    if (offered.isPresent() && gate.matches(offered.get())) {
      headers.add("Set-Cookie", gate.cookie());
      headers.set("Location", exchange.getRequestURI().getRawPath());
      headers.set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(303, -1);
      return;
    }
    String nonce = TokenGate.newToken();
    // The page's script and style sheet carry the nonce; nothing else runs, loads or frames it.
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'nonce-"
            + nonce
            + "'; style-src 'nonce-"
            + nonce
            + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (offered.isEmpty()
        && gate.check(exchange.getRequestHeaders()) == TokenGate.Presented.RIGHT) {
      send(exchange, 200, "text/html; charset=utf-8", StatusPage.page(nonce));
    } else {
      send(
          exchange,
          401,
          "text/html; charset=utf-8",
          StatusPage.signIn(
              nonce,
              offered.isPresent()
                  ? "This link's token is not this devd up's: each devd up makes a new one. Open the link that the devd up"
                      + " running now printed on its terminal."
                  : "This page needs the token of the devd up that serves it. Open the link devd up printed on its terminal"
                      + " (status page: http://127.0.0.1:"
                      + port
                      + "/?token=…); it signs this browser in until it closes."));
    }
  }

  private void asset(HttpExchange exchange, String name) throws IOException {
    Optional<StatusPage.Asset> asset = StatusPage.asset(name);
    if (asset.isEmpty()) {
      sendError(exchange, 404, "nothing at " + ASSETS + name + "; " + SERVED);
      return;
    }
    send(exchange, 200, asset.get().contentType(), asset.get().text());
  }

  private void events(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    if (query == null) return;
    // A browser that reconnects says where it was; the page's first request says where to start.
    String lastEvent = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    Long after =
        lineNumber(exchange, lastEvent != null ? lastEvent : query.getOrDefault("after", "0"));
    if (after == null) return;
    followers.incrementAndGet();
    try {
      events.serve(exchange, Optional.ofNullable(query.get("resource")), after);
    } finally {
      followers.decrementAndGet();
    }
  }

  private void logs(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    if (query == null) return;
    Optional<String> resource = Optional.ofNullable(query.get("resource"));
    if (resource.isPresent() && !board.knows(resource.get())) {
      sendError(exchange, 404, unknownResource(resource.get()));
      return;
    }
    Long after = lineNumber(exchange, query.getOrDefault("after", "0"));
    if (after == null) return;
    String follow = query.getOrDefault("follow", "0");
    if (follow.equals("1") || follow.equals("true")) {
      follow(exchange, resource, after);
    } else {
      send(exchange, 200, JSON, StatusJson.logPage(board.lines(resource, after)));
    }
  }

  // The query, or null after answering 400 when it cannot be read.
  private static Map<String, String> query(HttpExchange exchange) throws IOException {
    try {
      return query(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      sendError(
          exchange,
          400,
          "cannot read the query \""
              + exchange.getRequestURI().getRawQuery()
              + "\": "
              + e.getMessage());
      return null;
    }
  }

  // The line number, or null after answering 400 when it is not one.
  private static Long lineNumber(HttpExchange exchange, String text) throws IOException {
    try {
      long after = Long.parseLong(text);
      if (after >= 0) return after;
    } catch (NumberFormatException e) {
      // Answered below.
    }
    sendError(
        exchange,
        400,
        "after=" + text + " is not a line number; give the \"next\" of the last page, or 0");
    return null;
  }

  // Newline-delimited JSON, one line object per text line, in HTTP chunks flushed as lines come; an
  // empty line is a
  // heartbeat. Ends when the client goes away (a write fails) or the server stops (the wait is
  // interrupted).
  private void follow(HttpExchange exchange, Optional<String> resource, long after)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(200, 0);
    followers.incrementAndGet();
    try {
      OutputStream out = exchange.getResponseBody();
      LogPage page = board.lines(resource, after);
      while (true) {
        StringBuilder chunk = new StringBuilder();
        for (LogLine line : page.lines()) chunk.append(StatusJson.logLine(line)).append('\n');
        if (chunk.isEmpty()) chunk.append('\n');
        out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        page = board.awaitLines(resource, page.next(), heartbeat);
      }
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } finally {
      followers.decrementAndGet();
    }
  }

  private void trigger(HttpExchange exchange, String name) throws IOException {
    if (name.isEmpty()) {
      sendError(exchange, 404, "say which resource to update: POST /api/trigger/NAME");
    } else if (trigger.trigger(name)) {
      send(exchange, 202, JSON, StatusJson.triggered(name));
    } else {
      sendError(exchange, 404, unknownResource(name));
    }
  }

  private void switchResource(HttpExchange exchange, String name, boolean enabled)
      throws IOException {
    String verb = enabled ? "enable" : "disable";
    if (resourceSwitch.isEmpty()) {
      sendError(
          exchange,
          501,
          "this devd up cannot "
              + verb
              + " resources yet; stop it and start it with only the"
              + " resources you want (devd up NAME...)");
    } else if (name.isEmpty()) {
      sendError(exchange, 404, "say which resource to " + verb + ": POST /api/" + verb + "/NAME");
    } else if (resourceSwitch.get().set(name, enabled)) {
      send(exchange, 202, JSON, StatusJson.switched(name, enabled));
    } else {
      sendError(exchange, 404, unknownResource(name));
    }
  }

  private String unknownResource(String name) {
    List<String> known = board.names();
    StringBuilder message = new StringBuilder("unknown resource \"" + name + "\"");
    KeySuggester.closest(name, known)
        .ifPresent(best -> message.append("; did you mean \"").append(best).append("\"?"));
    message.append(
        known.isEmpty()
            ? "; devd up has no resources"
            : "; known: " + String.join(", ", new TreeSet<>(known)));
    return message.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) return query;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int equals = pair.indexOf('=');
      String key =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    return query;
  }

  private static void sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    send(exchange, status, JSON, StatusJson.error(message));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops answering, ends followed logs and event streams, and frees the port. */
  @Override
  public void close() {
    server.close();
  }
}
