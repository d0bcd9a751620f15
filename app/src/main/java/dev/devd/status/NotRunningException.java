package dev.devd.status;

import java.io.IOException;
import java.nio.file.Path;

/**
 * No {@code devd up} answers for a project: it never started, it stopped, or it died and left its
 * session file.
 */
public final class NotRunningException extends IOException {
  public NotRunningException(Path project) {
    super("devd up is not running for " + project + "; start it with devd up");
  }
}
