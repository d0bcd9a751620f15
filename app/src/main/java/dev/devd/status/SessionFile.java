package dev.devd.status;

import java.io.IOException;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code devd status}, {@code devd trigger} and {@code devd logs} need to reach a running {@code devd up}: the
 * port of its status server, its token, and its process id, kept in {@code .devd/session.json} (readable by the owner
 * only, since the token lets its holder start builds) while it runs.
 */
public record SessionFile(int port, String token, long pid) {
  public static final String NAME = "session.json";

  private static final JsonMapper JSON = JsonMapper.builder().build();
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
    ObjectNode node = JSON.createObjectNode();
    node.put("port", port);
    node.put("token", token);
    node.put("pid", pid);
    boolean posix = Files.getFileStore(stateDir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path temp = posix
        ? Files.createTempFile(stateDir, NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(stateDir, NAME, ".tmp");
    try {
      Files.writeString(temp, JSON.writeValueAsString(node) + "\n");
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
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode port = node.path("port");
      JsonNode token = node.path("token");
      JsonNode pid = node.path("pid");
      if (port.isIntegralNumber() && token.isString() && pid.isIntegralNumber()) {
        return Optional.of(new SessionFile(port.asInt(), token.asString(), pid.asLong()));
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
