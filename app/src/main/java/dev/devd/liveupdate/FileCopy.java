package dev.devd.liveupdate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local file or folder and the absolute path it gets inside a container; a folder stands for
 * everything under it.
 *
 * @param local an absolute path on this machine
 * @param remote an absolute path inside the container, with {@code /} separators
 */
public record FileCopy(Path local, String remote) {
  public FileCopy {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    if (!local.isAbsolute()) throw new IllegalArgumentException("local must be absolute: " + local);
    if (!remote.startsWith("/"))
      throw new IllegalArgumentException("remote must be absolute: " + remote);
  }
}
