package dev.devd.image;

import dev.devd.config.StateFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The refs devd last deployed for a project's images, kept in {@code .devd/deployed-images} so that
 * {@code devd render} can show the YAML as devd applied it, also while no devd runs. One line per
 * image: the ref as devd.yaml writes it, a tab, the ref deployed. Written after each successful
 * deploy; entries of other images are kept.
 */
public final class DeployedRefs {
  static final String FILE_NAME = "deployed-images";
  // Every resource's pass records here after its deploy, several at once; the file is small, so one
  // lock will do.
  private static final Object WRITING = new Object();

  private final Path file;

  /**
   * @param stateDir the project's {@code .devd/} folder
   */
  public DeployedRefs(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
  }

  /**
   * Adds these deployed refs (configured ref → deployed ref), replacing earlier ones of the same
   * images.
   */
  public void record(Map<String, ImageRef> deployed) throws IOException {
    if (deployed.isEmpty()) return;
    synchronized (WRITING) {
      Map<String, String> all = new TreeMap<>(lines());
      deployed.forEach((configured, ref) -> all.put(configured, ref.toString()));
      StringBuilder text = new StringBuilder();
      all.forEach(
          (configured, ref) -> text.append(configured).append('\t').append(ref).append('\n'));
      StateFolder.create(file.getParent());
      // Written aside and moved in, so that a reader never sees half a file; a temp file is
      // rw------- already.
      Path next = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try {
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(next);
      }
    }
  }

  /**
   * The refs last deployed, by configured ref; empty when nothing was deployed yet. Lines that do
   * not parse are skipped.
   */
  public Map<String, ImageRef> read() throws IOException {
    Map<String, ImageRef> refs = new TreeMap<>();
    lines()
        .forEach(
            (configured, ref) -> {
              try {
                refs.put(configured, ImageRef.parse(ref));
              } catch (InvalidImageRefException e) {
                // written by hand or by another devd version: such an image counts as not deployed
              }
            });
    return refs;
  }

  private Map<String, String> lines() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    Map<String, String> found = new TreeMap<>();
    for (String line : lines) {
      int tab = line.indexOf('\t');
      if (tab > 0) found.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return found;
  }
}
