package dev.devd.testing;

import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tiny images for tests, built with buildah from scratch into the local containers store (the one
 * podman uses): one small file, no base image to download. Builds are reproducible ({@code
 * --timestamp 0}), so the same content always gives the same image id. {@link #close()} removes
 * every image built here, with all its tags.
 *
 * <p>Needs the podman/buildah settings of {@code scripts/lib/runtime.sh} ({@code
 * devd_container_settings}) in the environment of the test JVM.
 */
public final class ScratchImages implements AutoCloseable {
  private final ProcessRunner runner = new ProcessRunner();
  private final Path dir;
  private final Set<String> ids = new LinkedHashSet<>();

  /** Images whose build files go to {@code dir} (a temp folder of the test). */
  public ScratchImages(Path dir) {
    this.dir = dir;
  }

  /**
   * Builds an image holding {@code /content.txt} with {@code content}, named {@code ref}; returns
   * its id (hex).
   */
  public String build(String ref, String content) {
    try {
      Path file = Files.createTempFile(dir, "content", ".txt");
      Files.writeString(file, content);
      String container = run("buildah", "from", "scratch").getLast().strip();
      run("buildah", "copy", "-q", container, file.toString(), "/content.txt");
      String id =
          run("buildah", "commit", "-q", "--rm", "--timestamp", "0", container, ref)
              .getLast()
              .strip();
      ids.add(id);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Pushes {@code ref} from the local store to {@code destination} ({@code host/path:tag}) over
   * plain HTTP, as a build command that pushes by itself would, with buildah's extra {@code flags}
   * ({@code --format v2s2}, {@code --creds u:p}); returns the manifest digest the registry stored.
   */
  public String push(String ref, String destination, String... flags) {
    List<String> argv = new ArrayList<>(List.of("buildah", "push", "-q", "--tls-verify=false"));
    argv.addAll(List.of(flags));
    return pushWithDigest(argv, ref, destination);
  }

  /**
   * Pushes a multi-platform index (an OCI image index) holding the one image {@code ref} to {@code
   * destination}; returns the index's digest.
   */
  public String pushAsIndex(String ref, String destination) {
    String list = "localhost/devd-list-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
    run("buildah", "manifest", "create", list);
    try {
      run("buildah", "manifest", "add", list, ref);
      return pushWithDigest(
          new ArrayList<>(List.of("buildah", "manifest", "push", "--all", "--tls-verify=false")),
          list,
          destination);
    } finally {
      run("buildah", "manifest", "rm", list);
    }
  }

  private String pushWithDigest(List<String> argv, String ref, String destination) {
    try {
      Path digestFile = Files.createTempFile(dir, "digest", ".txt");
      argv.addAll(List.of("--digestfile", digestFile.toString(), ref, "docker://" + destination));
      run(argv.toArray(String[]::new));
      return Files.readString(digestFile).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes over the cleanup of an image something else (a build command under test) put into the
   * store.
   */
  public String adopt(String ref) {
    String id = run("podman", "image", "inspect", "--format", "{{.Id}}", ref).getFirst().strip();
    ids.add(id);
    return id;
  }

  /** Every name the local store has for images built here ({@code localhost/web:v1}, …). */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (String id : ids) {
      List<String> lines =
          run(
              "podman",
              "image",
              "inspect",
              "--format",
              "{{range .RepoTags}}{{println .}}{{end}}",
              id);
      lines.stream().map(String::strip).filter(line -> !line.isEmpty()).forEach(names::add);
    }
    return names;
  }

  /**
   * Removes, at a test's end, the images of the local store whose name matches {@code reference}
   * (podman's filter: {@code web}, {@code web*}) and that a test's devd built, using {@code folder}
   * for this object's files.
   */
  public static void removeImages(Path folder, String reference) throws IOException {
    try (ScratchImages images = new ScratchImages(Files.createDirectories(folder))) {
      for (String image :
          images.run(
              "podman",
              "images",
              "--format",
              "{{.Repository}}:{{.Tag}}",
              "--filter",
              "reference=" + reference)) {
        if (!image.endsWith(":<none>")) images.adopt(image);
      }
    }
  }

  /** Runs a command that must succeed and returns its stdout lines. */
  public List<String> run(String... argv) {
    List<String> stdout = new CopyOnWriteArrayList<>();
    List<String> stderr = new CopyOnWriteArrayList<>();
    ProcessResult result;
    try {
      result = runner.run(ProcessSpec.of(List.of(argv), dir), stdout::add, stderr::add);
    } catch (ProcessStartException e) {
      throw new IllegalStateException(
          e.getMessage() + " (scripts/test installs buildah and podman)", e);
    }
    if (!result.succeeded()) {
      throw new IllegalStateException(
          String.join(" ", argv)
              + " failed with "
              + result.exitCode()
              + ": "
              + String.join("\n", stderr)
              + "\n(run the tests with the settings of scripts/lib/runtime.sh: devd_container_settings)");
    }
    return List.copyOf(stdout);
  }

  @Override
  public void close() {
    for (String id : ids) {
      try {
        runner.run(ProcessSpec.of(List.of("buildah", "rmi", "-f", id), dir), line -> {});
      } catch (ProcessStartException e) {
        throw new IllegalStateException(e);
      }
    }
    ids.clear();
  }
}
