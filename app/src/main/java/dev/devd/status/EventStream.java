package dev.devd.status;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /api/events}: the board as server-sent events, which the page follows instead of
 * polling. First the resources, then, as they happen, the resources again whenever one changed
 * ({@code event: status}, the JSON array of {@code /api/status}) and new console lines ({@code
 * event: logs}, a page of {@code /api/logs} whose {@code next} is the event's id, so a browser that
 * reconnects sends it back as {@code Last-Event-ID} and misses no line). A comment line every
 * heartbeat is the only way to notice that the client went away (a blocked wait never sees the
 * socket close), and keeps idle proxies from closing the stream.
 */
final class EventStream {
  // How long a browser waits before it reconnects after the stream broke: soon, since devd restarts
  // in about a second.
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final StatusBoard board;
  private final Duration heartbeat;

  EventStream(StatusBoard board, Duration heartbeat) {
    this.board = board;
    this.heartbeat = heartbeat;
  }

  /**
   * Streams until the client goes away (a write fails: {@link IOException}) or the server stops
   * (the wait is interrupted). Lines of {@code resource} only when given, after line {@code after}.
   */
  void serve(HttpExchange exchange, Optional<String> resource, long after) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    StringBuilder events = new StringBuilder("retry: " + RETRY.toMillis() + "\n\n");
    long seen = -1;
    long line = after;
    try {
      while (true) {
        StatusBoard.Changes changes = board.awaitChanges(seen, resource, line, heartbeat);
        if (changes.resources().isPresent()) {
          events
              .append("event: status\ndata: ")
              .append(StatusJson.resources(changes.resources().get()))
              .append("\n\n");
        }
        if (!changes.lines().lines().isEmpty()) {
          events
              .append("id: ")
              .append(changes.lines().next())
              .append("\nevent: logs\ndata: ")
              .append(StatusJson.logPage(changes.lines()))
              .append("\n\n");
        }
        if (events.isEmpty()) events.append(": heartbeat\n\n");
        out.write(events.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        events.setLength(0);
        seen = changes.version();
        line = changes.lines().next();
      }
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }
}
