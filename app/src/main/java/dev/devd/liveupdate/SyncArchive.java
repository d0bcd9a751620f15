package dev.devd.liveupdate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one live update packed as a tar in a temporary file, written once and sent to every
 * container; its exact size lets a transport tell the container how many bytes to read. {@link
 * #close()} deletes the file.
 *
 * @param files how many files and symlinks it holds (folders not counted)
 */
public record SyncArchive(Path file, long bytes, int files) implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncArchive.class);

  /** Packs {@code copies} with {@link TarWriter} into a new temporary file. */
  public static SyncArchive of(List<FileCopy> copies) throws IOException {
    Path file = Files.createTempFile("devd-sync-", ".tar");
    try {
      int files;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
        files = TarWriter.write(copies, out);
      }
      return new SyncArchive(file, Files.size(file), files);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot delete {}", file, e);
    }
  }
}
