package dev.devd.status;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The devds this user runs on this machine, for {@code devd ls}: one small owner-only file per
 * running devd, naming its project and state folder, in {@code $XDG_RUNTIME_DIR/devd/} (emptied by
 * the system at logout) or else {@code ~/.local/state/devd/running/}. Each devd adds itself when it
 * starts and removes itself when it stops; entries of devds that died without removing themselves
 * are dropped when the list is read.
 */
public final class SessionRegistry {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String SUFFIX = ".json";

  private final Path folder;

  /** The registry in {@code folder}. */
  public SessionRegistry(Path folder) {
    this.folder = folder;
  }

  /** The registry of the user running devd, placed by their environment. */
  public static SessionRegistry ofThisUser() {
    return new SessionRegistry(
        folderFor(System.getenv(), Path.of(System.getProperty("user.home"))));
  }

  static Path folderFor(Map<String, String> environment, Path home) {
    String runtime = environment.getOrDefault("XDG_RUNTIME_DIR", "");
    if (!runtime.isBlank() && Files.isDirectory(Path.of(runtime))) return Path.of(runtime, "devd");
    return home.resolve(".local").resolve("state").resolve("devd").resolve("running");
  }

  /**
   * A running devd: the folder of its devd.yaml, its state folder (where its {@link SessionFile}
   * is) and its pid.
   */
  public record Entry(Path project, Path stateDir, long pid) {
    /** Its session, if it still runs: the process lives and its session file is still its own. */
    public Optional<SessionFile> session() {
      try {
        return SessionFile.readFrom(stateDir)
            .filter(session -> session.pid() == pid && session.running());
      } catch (IOException unreadable) {
        return Optional.empty();
      }
    }
  }

  public Path folder() {
    return folder;
  }

  /** Adds this devd, whose project is {@code project}. */
  public void add(Entry entry) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      json.writeStartObject();
      json.writeStringProperty("project", entry.project().toString());
      json.writeStringProperty("stateDir", entry.stateDir().toString());
      json.writeNumberProperty("pid", entry.pid());
      json.writeEndObject();
    }
    PrivateFile.write(file(entry.pid()), text + "\n");
  }

  public void remove(long pid) throws IOException {
    Files.deleteIfExists(file(pid));
  }

  /**
   * The devds running now, with their sessions, by project folder; drops the entries of those that
   * have ended.
   */
  public List<Running> running() throws IOException {
    List<Running> running = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path file : files) {
        Optional<Entry> entry = read(file);
        Optional<SessionFile> session = entry.flatMap(Entry::session);
        if (session.isPresent()) {
          running.add(new Running(entry.get(), session.get()));
        } else {
          Files.deleteIfExists(file);
        }
      }
    } catch (NoSuchFileException none) {
      return List.of();
    }
    running.sort(
        Comparator.comparing((Running r) -> r.entry().project())
            .thenComparingLong(r -> r.entry().pid()));
    return running;
  }

  /** A running devd and its session. */
  public record Running(Entry entry, SessionFile session) {}

  private Path file(long pid) {
    return folder.resolve(pid + SUFFIX);
  }

  private static Optional<Entry> read(Path file) {
    String project = null;
    String stateDir = null;
    Long pid = null;
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), Files.readString(file))) {
      if (json.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        JsonToken value = json.nextToken();
        switch (name) {
          case "project" -> project = value == JsonToken.VALUE_STRING ? json.getString() : null;
          case "stateDir" -> stateDir = value == JsonToken.VALUE_STRING ? json.getString() : null;
          case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : null;
          default -> {}
        }
        json.skipChildren();
      }
    } catch (IOException | JacksonException unreadable) {
      return Optional.empty();
    }
    if (project == null || stateDir == null || pid == null) return Optional.empty();
    return Optional.of(new Entry(Path.of(project), Path.of(stateDir), pid));
  }
}
