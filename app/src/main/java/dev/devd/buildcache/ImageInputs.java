package dev.devd.buildcache;

import dev.devd.config.ImageConfig;
import dev.devd.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The inputs of one image as they are now: its settings (hashed once) and its files, sorted by
 * path, kept up to date change by change. Not thread-safe: {@link InputDigests} uses it from its
 * one worker thread.
 */
final class ImageInputs {
  // Raised whenever what goes into a digest, or how, changes: digests of older devds then never
  // match.
  static final int SCHEME = 1;

  private final ImageConfig image;
  private final IgnoreRules rules;
  private final byte[] settings;
  // Concurrent only because a scan fills it from several threads; sorted, so the digest does not
  // depend on the
  // order in which the disk lists files.
  private final ConcurrentSkipListMap<String, FileState> files = new ConcurrentSkipListMap<>();
  private byte[] filesDigest;
  private IOException problem;

  ImageInputs(ImageConfig image, IgnoreRules rules, TreeScanner scanner) {
    this.image = image;
    this.rules = rules;
    this.settings = settingsDigest(image, scanner);
  }

  /**
   * An image whose ignore rules could not be made: it has no digest until the config is loaded
   * again.
   */
  static ImageInputs unreadable(ImageConfig image, IOException problem, TreeScanner scanner) {
    ImageInputs inputs = new ImageInputs(image, null, scanner);
    inputs.problem = problem;
    return inputs;
  }

  ImageConfig image() {
    return image;
  }

  Map<String, FileState> files() {
    return files;
  }

  /** Why the digest is unknown: a file or folder that could not be read. */
  Optional<IOException> problem() {
    return Optional.ofNullable(problem);
  }

  // Everything but the files that decides what the command builds: the command (a preset is
  // expanded into it by
  // now, parameters included), env, dir, the deps themselves and the tag mode. The ref is in, so
  // two images with the
  // same settings and files still have digests of their own.
  private static byte[] settingsDigest(ImageConfig image, TreeScanner scanner) {
    DigestWriter writer = new DigestWriter().text("devd input digest").number(SCHEME);
    writer.text("ref").text(image.ref());
    writer.text("command").command(image.command());
    writer.text("commandBat").number(image.commandBat().isPresent() ? 1 : 0);
    image.commandBat().ifPresent(writer::command);
    writer.text("env").number(image.env().size());
    new TreeMap<>(image.env()).forEach((name, value) -> writer.text(name).text(value));
    writer.text("dir").text(scanner.key(image.dir()));
    writer.text("deps").number(image.deps().size());
    image.deps().forEach(dep -> writer.text(scanner.key(dep)));
    writer
        .text("mode")
        .text(
            "disablePush="
                + image.disablePush()
                + " skipsLocalDocker="
                + image.skipsLocalDocker()
                + " tag="
                + image.tag().orElse("")
                + " outputsImageRefTo="
                + image.outputsImageRefTo().map(scanner::key).orElse(""));
    return writer.finish();
  }

  boolean covers(Path path) {
    for (Path dep : image.deps()) if (path.startsWith(dep)) return true;
    return false;
  }

  /** Finds every input file again (reading only those the index does not vouch for). */
  void scan(TreeScanner scanner) {
    if (rules == null) return;
    files.clear();
    filesDigest = null;
    problem = null;
    try {
      for (Path dep : image.deps()) scanner.scan(dep, true, rules, files, false);
    } catch (IOException e) {
      problem = e;
    }
  }

  /**
   * The watcher reported {@code path} (under one of the deps): a file is read again, a folder
   * listed again, and whatever is gone leaves the inputs.
   */
  void changed(Path path, TreeScanner scanner) {
    if (rules == null) return;
    if (problem != null) {
      scan(scanner); // a file could not be read before: it may be readable now, wherever it is
      return;
    }
    filesDigest = null;
    String key = scanner.key(path);
    files.remove(key);
    files.subMap(key + "/", key + "0").clear(); // '0' follows '/': everything below the path
    try {
      scanner.scan(path, image.deps().contains(path), rules, files, true);
    } catch (IOException e) {
      problem = e;
    }
  }

  /** The digest of the files alone, recomputed only after a change. */
  byte[] filesDigest() {
    if (filesDigest == null) {
      DigestWriter writer = new DigestWriter().number(files.size());
      files.forEach(
          (key, state) ->
              writer
                  .text(key)
                  .small(state.kind().ordinal() << 16 | state.mode())
                  .hash(state.hash()));
      filesDigest = writer.finish();
    }
    return filesDigest;
  }

  byte[] settings() {
    return settings;
  }
}
