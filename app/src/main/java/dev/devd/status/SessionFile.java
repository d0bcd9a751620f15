package dev.devd.status;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What {@code devd status}, {@code devd trigger} and {@code devd logs} need to reach a running {@code devd up}: the
 * port of its status server, its token, and its process id, kept in {@code .devd/session.json} (readable by the owner
 * only, since the token lets its holder start builds) while it runs.
 */
public record SessionFile(int port, String token, long pid) {
  public static final String NAME = "session.json";

  // Streaming, not an ObjectMapper: devd up reads and writes this file on its way to watching, and building a mapper
  // there cost 20-30 ms of its start-up (measured with scripts/bench); three fields need no data binding.
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** The session of this process, serving at {@code server}. */
  public static SessionFile of(StatusServer server) {
    return new SessionFile(server.port(), server.token(), ProcessHandle.current().pid());
  }

  /** Where the session file of a project lives, given its state folder ({@code ProjectConfig.stateDir()}). */
  public static Path path(Path stateDir) {
    return stateDir.resolve(NAME);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Whether the process that wrote this file still runs (a crashed or killed devd up leaves its file behind). */
  public boolean running() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Writes the file, replacing any, with owner-only permissions from its first byte: written to a new file created
   * with those permissions, then moved into place, so no other user can read the token in between.
   */
  public Path writeTo(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      json.writeStartObject();
      json.writeNumberProperty("port", port);
      json.writeStringProperty("token", token);
      json.writeNumberProperty("pid", pid);
      json.writeEndObject();
    }
    boolean posix = Files.getFileStore(stateDir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path temp = posix
        ? Files.createTempFile(stateDir, NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(stateDir, NAME, ".tmp");
    try {
      Files.writeString(temp, text + "\n");
      // The umask may have taken bits away at creation; set exactly these.
      if (posix) Files.setPosixFilePermissions(temp, OWNER_ONLY);
      Path target = path(stateDir);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The session file in {@code stateDir}, if there is one; whether its process still runs is {@link #running()}. */
  public static Optional<SessionFile> readFrom(Path stateDir) throws IOException {
    Path file = path(stateDir);
    if (!Files.exists(file)) return Optional.empty();
    String text = Files.readString(file);
    Integer port = null;
    String token = null;
    Long pid = null;
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), text)) {
      if (json.nextToken() == JsonToken.START_OBJECT) {
        for (String name = json.nextName(); name != null; name = json.nextName()) {
          JsonToken value = json.nextToken();
          boolean integer = value == JsonToken.VALUE_NUMBER_INT;
          switch (name) {
            case "port" -> port = integer ? json.getIntValue() : null;
            case "token" -> token = value == JsonToken.VALUE_STRING ? json.getString() : null;
            case "pid" -> pid = integer ? json.getLongValue() : null;
            default -> { }
          }
          json.skipChildren(); // a value that is an object or array, whatever its name
        }
        if (port != null && token != null && pid != null) return Optional.of(new SessionFile(port, token, pid));
      }
    } catch (JacksonException e) {
      // Reported below with the fix.
    }
    throw new IOException(file + " is not a devd session file (it needs port, token and pid); delete it and"
        + " restart devd up");
  }

  /** Deletes the file in {@code stateDir} if it still describes this session (a later devd up may have replaced it). */
  public void deleteFrom(Path stateDir) throws IOException {
    Optional<SessionFile> current;
    try {
      current = readFrom(stateDir);
    } catch (IOException unreadable) {
      return;
    }
    if (current.isPresent() && current.get().equals(this)) Files.deleteIfExists(path(stateDir));
  }

  /** Keeps the token out of logs and exception messages. */
  @Override
  public String toString() {
    return "SessionFile[port=" + port + ", pid=" + pid + "]";
  }
}
