package dev.devd.status;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The status page and JSON API of a running {@code devd up}, served by the JDK's HTTP server on 127.0.0.1 only:
 * {@code GET /} (the page), {@code GET /api/status}, {@code GET /api/logs?resource=NAME&after=SEQ[&follow=1]} and
 * {@code POST /api/trigger/NAME}.
 *
 * <p>Safety (SPEC §6): a request that changes something needs this run's random token as
 * {@code Authorization: Bearer TOKEN}. Every request whose {@code Origin} is not this server's own, or whose
 * {@code Host} is not 127.0.0.1 or localhost at this port, is refused: the first stops other web sites from using a
 * developer's browser against devd, the second stops DNS rebinding (a foreign name resolving to 127.0.0.1 would
 * otherwise make the page, token included, same-origin to that site). No CORS headers are ever sent, so other
 * origins cannot read any answer, and a cross-site request with an Authorization header fails its preflight.
 */
public final class StatusServer implements AutoCloseable {
  /** The port {@code devd up} serves on unless told otherwise; Tilt's, so muscle memory carries over. */
  public static final int DEFAULT_PORT = 10350;
  private static final String IDLE_CHECK_PROPERTY = "sun.net.httpserver.clockTick";

  // A followed log writes an empty line this often when nothing was logged: it is the only way to notice that the
  // client went away (a blocked wait never sees the socket close), and it keeps idle proxies from closing the stream.
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private static final String TRIGGER_PATH = "/api/trigger/";
  private static final String JSON = "application/json; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final StatusBoard board;
  private final ResourceTrigger trigger;
  private final String token;
  private final int port;
  private final Duration heartbeat;
  private final List<String> ownHosts;
  private final List<String> ownOrigins;
  private final AtomicInteger followers = new AtomicInteger();

  private StatusServer(HttpServer server, ExecutorService handlers, StatusBoard board, ResourceTrigger trigger,
      String token, Duration heartbeat) {
    this.server = server;
    this.handlers = handlers;
    this.board = board;
    this.trigger = trigger;
    this.token = token;
    this.port = server.getAddress().getPort();
    this.heartbeat = heartbeat;
    this.ownHosts = List.of("127.0.0.1:" + port, "localhost:" + port);
    this.ownOrigins = List.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  /**
   * Serves {@code board} on 127.0.0.1 at {@code port} (0: any free port) with a new random token; trigger requests
   * call {@code trigger}. Close it to stop: its threads keep the JVM alive.
   */
  public static StatusServer start(StatusBoard board, ResourceTrigger trigger, int port) throws IOException {
    return start(board, trigger, port, HEARTBEAT);
  }

  static StatusServer start(StatusBoard board, ResourceTrigger trigger, int port, Duration heartbeat) throws IOException {
    // The JDK's server looks for idle connections every 10 s by default: a third of devd's idle CPU (measured with
    // scripts/bench). Once a minute is enough for the few connections of a status page. Read once, before the first
    // server is made; a value the user set is kept.
    if (System.getProperty(IDLE_CHECK_PROPERTY) == null) System.setProperty(IDLE_CHECK_PROPERTY, "60000");
    InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
    } catch (BindException e) {
      throw new IOException("cannot serve the status page on 127.0.0.1:" + port + ": " + e.getMessage()
          + "; is another devd up (or Tilt) using that port? stop it or choose another port", e);
    }
    // One virtual thread per request: a followed log holds its thread for as long as the client reads.
    ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(handlers);
    StatusServer status = new StatusServer(server, handlers, board, trigger, newToken(), heartbeat);
    server.createContext("/", status::handle);
    server.start();
    return status;
  }

  // 256 random bits, URL-safe so it can go in a header, a JSON file and an HTML attribute without escaping.
  private static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public int port() {
    return port;
  }

  /** The token requests that change something must carry; {@code devd up} prints it and writes it to the session file. */
  public String token() {
    return token;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** How many clients follow a log right now. */
  int followers() {
    return followers.get();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      route(exchange);
    } catch (IOException clientGone) {
      // The client closed the connection; there is nobody to answer.
    } catch (RuntimeException e) {
      ResourceLog.devd().debug("status server: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
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
      sendError(exchange, 403, "requests from other sites are refused (Origin: " + origin + "); open " + url() + " instead");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/")) {
      if (allowed(exchange, method, "GET")) page(exchange);
    } else if (path.equals("/api/status")) {
      if (allowed(exchange, method, "GET")) send(exchange, 200, JSON, StatusJson.resources(board.snapshot()));
    } else if (path.equals("/api/logs")) {
      if (allowed(exchange, method, "GET")) logs(exchange);
    } else if (path.startsWith(TRIGGER_PATH)) {
      if (allowed(exchange, method, "POST") && authorized(exchange)) trigger(exchange, path.substring(TRIGGER_PATH.length()));
    } else {
      sendError(exchange, 404, "nothing at " + path + "; devd serves /, /api/status, /api/logs and /api/trigger/NAME");
    }
  }

  private boolean allowed(HttpExchange exchange, String method, String expected) throws IOException {
    if (method.equals(expected)) return true;
    exchange.getResponseHeaders().set("Allow", expected);
    sendError(exchange, 405, exchange.getRequestURI().getPath() + " takes " + expected + ", not " + method);
    return false;
  }

  private boolean authorized(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      // Constant-time, so the answer's timing says nothing about how much of a guess was right.
      if (MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) return true;
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"devd\"");
    sendError(exchange, 401, header == null
        ? "this request changes something and needs devd up's token: send the header 'Authorization: Bearer TOKEN'"
            + " with the token devd up printed at start (devd trigger reads it from .devd/session.json)"
        : "the token does not match this devd up's; use the one it printed at start (each devd up gets a new one)");
    return false;
  }

  private void page(HttpExchange exchange) throws IOException {
    String nonce = newToken();
    Headers headers = exchange.getResponseHeaders();
    // The page's one script and style carry the nonce; nothing else runs, loads or frames it.
    headers.set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
        + nonce + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    send(exchange, 200, "text/html; charset=utf-8", StatusPage.render(board.snapshot(), token, nonce));
  }

  private void logs(HttpExchange exchange) throws IOException {
    Map<String, String> query;
    try {
      query = query(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      sendError(exchange, 400, "cannot read the query \"" + exchange.getRequestURI().getRawQuery() + "\": " + e.getMessage());
      return;
    }
    Optional<String> resource = Optional.ofNullable(query.get("resource"));
    if (resource.isPresent() && !board.knows(resource.get())) {
      sendError(exchange, 404, unknownResource(resource.get()));
      return;
    }
    long after;
    try {
      after = Long.parseLong(query.getOrDefault("after", "0"));
      if (after < 0) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      sendError(exchange, 400, "after=" + query.get("after") + " is not a line number; give the \"next\" of the last page, or 0");
      return;
    }
    String follow = query.getOrDefault("follow", "0");
    if (follow.equals("1") || follow.equals("true")) {
      follow(exchange, resource, after);
    } else {
      send(exchange, 200, JSON, StatusJson.logPage(board.lines(resource, after)));
    }
  }

  // Newline-delimited JSON, one line object per text line, in HTTP chunks flushed as lines come; an empty line is a
  // heartbeat. Ends when the client goes away (a write fails) or the server stops (the wait is interrupted).
  private void follow(HttpExchange exchange, Optional<String> resource, long after) throws IOException {
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

  private String unknownResource(String name) {
    List<String> known = board.names();
    StringBuilder message = new StringBuilder("unknown resource \"" + name + "\"");
    KeySuggester.closest(name, known).ifPresent(best -> message.append("; did you mean \"").append(best).append("\"?"));
    message.append(known.isEmpty() ? "; devd up has no resources" : "; known: " + String.join(", ", new TreeSet<>(known)));
    return message.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) return query;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    return query;
  }

  private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, JSON, StatusJson.error(message));
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
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

  /** Stops answering, ends followed logs, and frees the port. */
  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
