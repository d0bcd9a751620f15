package dev.devd.status;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What the other commands need to reach a running {@code devd up}: the port of its status server,
 * its token, its process id and start time, and whether it watches yet; kept in {@code
 * .devd/session.json} (readable by the owner only, since the token lets its holder start builds)
 * while it runs.
 *
 * @param started when the process started, as the operating system tells it; with the pid it names
 *     the process even after the pid is reused (empty in files of older devds)
 * @param watching whether devd has started watching (what {@code devd up --detach} waits for), or
 *     is still starting
 */
public record SessionFile(
    int port, String token, long pid, Optional<Instant> started, boolean watching) {
  public static final String NAME = "session.json";

  // Streaming, not an ObjectMapper: devd up reads and writes this file on its way to watching, and
  // building a mapper
  // there cost 20-30 ms of its start-up (measured with scripts/bench); five fields need no data
  // binding.
  private static final JsonFactory JSON = new JsonFactory();

  /** A watching session of a process whose start time is not known. */
  public SessionFile(int port, String token, long pid) {
    this(port, token, pid, Optional.empty(), true);
  }

  /** The session of this process, serving at {@code server}, still starting. */
  public static SessionFile of(StatusServer server) {
    return new SessionFile(
        server.port(),
        server.token(),
        ProcessHandle.current().pid(),
        startOf(ProcessHandle.current()),
        false);
  }

  /** The same session, now watching. */
  public SessionFile nowWatching() {
    return new SessionFile(port, token, pid, started, true);
  }

  /**
   * Where the session file of a project lives, given its state folder ({@code
   * ProjectConfig.stateDir()}).
   */
  public static Path path(Path stateDir) {
    return stateDir.resolve(NAME);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /**
   * Whether the process that wrote this file still runs (a crashed or killed devd up leaves its
   * file behind); a process that has its pid but started at another time is another program.
   */
  public boolean running() {
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) return false;
    Optional<Instant> now = startOf(process.get());
    return started.isEmpty() || now.isEmpty() || started.equals(now);
  }

  private static Optional<Instant> startOf(ProcessHandle process) {
    return process.info().startInstant();
  }

  /** Writes the file, replacing any, with owner-only permissions from its first byte. */
  public Path writeTo(Path stateDir) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      json.writeStartObject();
      json.writeNumberProperty("port", port);
      json.writeStringProperty("token", token);
      json.writeNumberProperty("pid", pid);
      if (started.isPresent()) json.writeStringProperty("started", started.get().toString());
      json.writeStringProperty("state", watching ? "watching" : "starting");
      json.writeEndObject();
    }
    return PrivateFile.write(path(stateDir), text + "\n");
  }

  /**
   * The session file in {@code stateDir}, if there is one; whether its process still runs is {@link
   * #running()}.
   */
  public static Optional<SessionFile> readFrom(Path stateDir) throws IOException {
    Path file = path(stateDir);
    if (!Files.exists(file)) return Optional.empty();
    String text = Files.readString(file);
    Integer port = null;
    String token = null;
    Long pid = null;
    Optional<Instant> started = Optional.empty();
    boolean watching = true;
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), text)) {
      if (json.nextToken() == JsonToken.START_OBJECT) {
        for (String name = json.nextName(); name != null; name = json.nextName()) {
          JsonToken value = json.nextToken();
          boolean integer = value == JsonToken.VALUE_NUMBER_INT;
          boolean string = value == JsonToken.VALUE_STRING;
          switch (name) {
            case "port" -> port = integer ? json.getIntValue() : null;
            case "token" -> token = string ? json.getString() : null;
            case "pid" -> pid = integer ? json.getLongValue() : null;
            case "started" -> started = string ? instant(json.getString()) : Optional.empty();
            case "state" -> watching = !string || !json.getString().equals("starting");
            default -> {}
          }
          json.skipChildren(); // a value that is an object or array, whatever its name
        }
        if (port != null && token != null && pid != null)
          return Optional.of(new SessionFile(port, token, pid, started, watching));
      }
    } catch (JacksonException e) {
      // Reported below with the fix.
    }
    throw new IOException(
        file
            + " is not a devd session file (it needs port, token and pid); delete it and"
            + " restart devd up");
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Deletes the file in {@code stateDir} if it still describes this session (a later devd up may
   * have replaced it).
   */
  public void deleteFrom(Path stateDir) throws IOException {
    Optional<SessionFile> current;
    try {
      current = readFrom(stateDir);
    } catch (IOException unreadable) {
      return;
    }
    if (current.isPresent() && current.get().pid() == pid && current.get().token().equals(token)) {
      Files.deleteIfExists(path(stateDir));
    }
  }

  /** Keeps the token out of logs and exception messages. */
  @Override
  public String toString() {
    return "SessionFile[port=" + port + ", pid=" + pid + ", watching=" + watching + "]";
  }
}
