package dev.devd.cli;

import dev.devd.console.ResourceLog;
import dev.devd.status.SessionFile;
import dev.devd.status.SessionRegistry;
import dev.devd.status.StatusServer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A running devd up made findable: its session file in the project's state folder (how {@code
 * status}, {@code logs}, {@code trigger}, {@code attach} and {@code stop} reach it) and its entry
 * in the user's registry (how {@code devd ls} finds it). Closing it removes both.
 */
final class LiveSession implements AutoCloseable {
  private final Path stateDir;
  private final SessionRegistry registry;
  private volatile SessionFile session;

  private LiveSession(Path stateDir, SessionRegistry registry, SessionFile session) {
    this.stateDir = stateDir;
    this.registry = registry;
    this.session = session;
  }

  /** Writes the session of this process, serving at {@code server}, as still starting. */
  static LiveSession announce(
      StatusServer server, Path project, Path stateDir, SessionRegistry registry)
      throws IOException {
    SessionFile session = SessionFile.of(server);
    session.writeTo(stateDir);
    LiveSession live = new LiveSession(stateDir, registry, session);
    try {
      registry.add(new SessionRegistry.Entry(project, stateDir, session.pid()));
    } catch (IOException e) {
      live.close();
      throw new IOException(
          "cannot add this devd to " + registry.folder() + " (for devd ls): " + e.getMessage(), e);
    }
    return live;
  }

  /** Says that devd now watches: what {@code devd up --detach} waits for. */
  void watching() throws IOException {
    session = session.nowWatching();
    session.writeTo(stateDir);
  }

  @Override
  public void close() {
    try {
      session.deleteFrom(stateDir);
      registry.remove(session.pid());
    } catch (IOException e) {
      // Left behind, the files name a process that has ended: readers treat them as stale.
      ResourceLog.devd().debug("could not remove the session files", e);
    }
  }
}
