package dev.devd.buildcache;

import dev.devd.config.StateFolder;
import dev.devd.image.ImageRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The builds devd made for a project, per input digest, in {@code .devd/cache/builds.json}; and the
 * temporary {@code devd-build-*} tags it handed out and has not removed yet (a devd that was killed
 * mid-build leaves them for {@code devd prune}). Every change is read, made and written under a
 * file lock, atomically, so two devds of one project (an up and a prune) never lose each other's
 * records. A file that cannot be read counts as empty: the records only save builds, so losing them
 * costs builds, never a wrong deploy.
 */
public final class BuildRecords {
  private static final Logger log = LoggerFactory.getLogger(BuildRecords.class);
  private static final int FORMAT = 1;
  // Records of refs that are gone are dropped by pruning; this caps what could pile up where
  // pruning cannot look
  // (refs only in a registry): far more than anyone keeps, far less than makes the file slow to
  // read.
  static final int MAX_PER_IMAGE = 100;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A temporary build tag handed out by the devd with process id {@code pid}, not removed yet. */
  public record Temporary(String image, ImageRef ref, long pid, Instant issuedAt) {}

  private record Content(List<BuildRecord> builds, List<Temporary> temporary) {}

  private final Path file;
  private final Path lockFile;

  private BuildRecords(Path folder) {
    this.file = folder.resolve("builds.json");
    this.lockFile = folder.resolve("builds.lock");
  }

  /** The records of the project whose state folder ({@code .devd/}) is {@code stateDir}. */
  public static BuildRecords in(Path stateDir) {
    return new BuildRecords(stateDir.resolve("cache"));
  }

  /** The builds of an image, the most recently used first. */
  public List<BuildRecord> of(String image) {
    return read().builds().stream()
        .filter(b -> b.image().equals(image))
        .sorted(Comparator.comparing(BuildRecord::usedAt).reversed())
        .toList();
  }

  /** The latest build of these inputs under {@code repository}, if one was recorded. */
  public Optional<BuildRecord> find(String image, InputDigest digest, ImageRef repository) {
    return of(image).stream()
        .filter(b -> b.digest().equals(digest) && b.repository().equals(repository))
        .findFirst();
  }

  /** The temporary tags of an image not removed yet. */
  public List<Temporary> temporary(String image) {
    return read().temporary().stream().filter(t -> t.image().equals(image)).toList();
  }

  /** Records a build (replacing an older one of the same inputs and repository). */
  public void built(BuildRecord build) {
    change(
        content -> {
          List<BuildRecord> builds = new ArrayList<>(content.builds());
          builds.removeIf(
              b ->
                  b.image().equals(build.image())
                      && b.digest().equals(build.digest())
                      && b.repository().equals(build.repository()));
          builds.add(build);
          List<BuildRecord> ofImage =
              builds.stream()
                  .filter(b -> b.image().equals(build.image()))
                  .sorted(Comparator.comparing(BuildRecord::usedAt).reversed())
                  .toList();
          if (ofImage.size() > MAX_PER_IMAGE)
            builds.removeAll(ofImage.subList(MAX_PER_IMAGE, ofImage.size()));
          return new Content(builds, content.temporary());
        });
  }

  /** The build was deployed again at {@code at}, from the cache. */
  public void used(BuildRecord build, Instant at) {
    change(
        content ->
            new Content(
                content.builds().stream()
                    .map(
                        b ->
                            b.equals(build)
                                ? new BuildRecord(
                                    b.image(), b.digest(), b.repository(), b.ref(), b.builtAt(), at)
                                : b)
                    .toList(),
                content.temporary()));
  }

  /** Forgets every build of {@code image} that deployed {@code ref}: the ref is gone. */
  public void forget(String image, ImageRef ref) {
    change(
        content ->
            new Content(
                content.builds().stream()
                    .filter(b -> !(b.image().equals(image) && b.ref().equals(ref)))
                    .toList(),
                content.temporary()));
  }

  /** This devd handed out the temporary tag {@code ref} to a build of {@code image}. */
  public void issued(String image, ImageRef ref, Instant at) {
    change(
        content -> {
          List<Temporary> temporary = new ArrayList<>(content.temporary());
          temporary.add(new Temporary(image, ref, ProcessHandle.current().pid(), at));
          return new Content(content.builds(), temporary);
        });
  }

  /** The temporary tag {@code ref} is gone from the local store (or never got there). */
  public void removed(ImageRef ref) {
    change(
        content ->
            new Content(
                content.builds(),
                content.temporary().stream().filter(t -> !t.ref().equals(ref)).toList()));
  }

  private Content read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new Content(List.of(), List.of());
    } catch (IOException e) {
      log.debug("cannot read " + file + "; it counts as empty", e);
      return new Content(List.of(), List.of());
    }
    try {
      JsonNode root = JSON.readTree(text);
      if (root.path("format").asInt() != FORMAT)
        throw new IllegalArgumentException("format " + root.path("format"));
      List<BuildRecord> builds = new ArrayList<>();
      for (JsonNode b : root.path("builds")) {
        builds.add(
            new BuildRecord(
                b.path("image").asString(),
                new InputDigest(b.path("digest").asString()),
                ImageRef.parse(b.path("repository").asString()),
                ImageRef.parse(b.path("ref").asString()),
                Instant.parse(b.path("builtAt").asString()),
                Instant.parse(b.path("usedAt").asString())));
      }
      List<Temporary> temporary = new ArrayList<>();
      for (JsonNode t : root.path("temporary")) {
        temporary.add(
            new Temporary(
                t.path("image").asString(),
                ImageRef.parse(t.path("ref").asString()),
                t.path("pid").asLong(),
                Instant.parse(t.path("issuedAt").asString())));
      }
      return new Content(builds, temporary);
    } catch (RuntimeException e) { // Jackson's exceptions included
      log.debug(file + " is not a build record devd can read; it counts as empty", e);
      return new Content(List.of(), List.of());
    }
  }

  private void change(UnaryOperator<Content> edit) {
    // One lock per JVM as well: a second FileLock on the file from this JVM would throw, not wait.
    synchronized (BuildRecords.class) {
      changeLocked(edit);
    }
  }

  private void changeLocked(UnaryOperator<Content> edit) {
    try {
      PrivateFile.folder(file);
      StateFolder.createFile(lockFile);
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        PrivateFile.write(file, serialize(edit.apply(read())));
      }
    } catch (IOException e) {
      // Not fatal: the build happened; only a later start will not find it in the cache.
      log.debug("cannot write " + file, e);
    }
  }

  private static byte[] serialize(Content content) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode builds = root.putArray("builds");
    for (BuildRecord b : content.builds()) {
      builds
          .addObject()
          .put("image", b.image())
          .put("digest", b.digest().hex())
          .put("repository", b.repository().toString())
          .put("ref", b.ref().toString())
          .put("builtAt", b.builtAt().toString())
          .put("usedAt", b.usedAt().toString());
    }
    ArrayNode temporary = root.putArray("temporary");
    for (Temporary t : content.temporary()) {
      temporary
          .addObject()
          .put("image", t.image())
          .put("ref", t.ref().toString())
          .put("pid", t.pid())
          .put("issuedAt", t.issuedAt().toString());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }
}
