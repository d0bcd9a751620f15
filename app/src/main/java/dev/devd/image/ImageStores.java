package dev.devd.image;

import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds the container CLI whose image store works on this machine: docker only when its engine answers, else podman.
 * Detection happens on first use, not when devd starts, so a project that never needs the local store (every image
 * {@code skipsLocalDocker}) does not need either CLI.
 */
public final class ImageStores {
  /** The CLIs tried, in order: docker first, as most custom build commands call docker. */
  public static final List<String> CANDIDATES = List.of("docker", "podman");
  // `docker version` with no engine fails at once (the socket is missing); the limit only matters for an engine that
  // accepts the connection and then hangs, which must not hold up a build for long before podman gets its turn.
  static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

  private ImageStores() {}

  /** The first of docker and podman that works, detected on first use. */
  public static ImageStore detect(ProcessRunner runner) {
    return detect(runner, CANDIDATES);
  }

  /** The first of {@code candidates} (CLI names or paths) that works, detected on first use. */
  public static ImageStore detect(ProcessRunner runner, List<String> candidates) {
    if (candidates.isEmpty()) throw new IllegalArgumentException("no container CLI to try");
    return new Detected(runner, List.copyOf(candidates));
  }

  /**
   * Probes each candidate now, in order, and returns the first that works. {@code version} asks for the server's
   * version: for docker that needs the engine, for podman the local store's setup.
   */
  static ImageStore probe(ProcessRunner runner, List<String> candidates) throws ImageStoreException {
    List<String> problems = new ArrayList<>();
    for (String cli : candidates) {
      Optional<String> problem = problem(runner, cli);
      if (problem.isEmpty()) {
        ResourceLog.devd().debug("local image store: {} (tried {})", cli, problems.isEmpty() ? "nothing before it" : problems);
        return new CliImageStore(runner, cli);
      }
      problems.add(cli + ": " + problem.get());
    }
    throw new ImageStoreException("no container engine with a local image store works here (" + String.join("; ", problems)
        + "); start Docker, or install podman (e.g. apt-get install podman), or set skipsLocalDocker or"
        + " outputsImageRefTo on images whose command does not use a local store");
  }

  private static Optional<String> problem(ProcessRunner runner, String cli) {
    List<String> stdout = new CopyOnWriteArrayList<>();
    List<String> stderr = new CopyOnWriteArrayList<>();
    ProcessSpec spec = ProcessSpec.of(List.of(cli, "version", "--format", "{{.Server.Version}}"), Path.of("").toAbsolutePath())
        .withTimeout(PROBE_LIMIT);
    ProcessResult result;
    try {
      result = runner.run(spec, stdout::add, stderr::add);
    } catch (ProcessStartException e) {
      return Optional.of(e.problem().equals("no such program on PATH") ? "not installed" : e.problem());
    }
    if (result.succeeded() && stdout.stream().anyMatch(line -> !line.isBlank())) return Optional.empty();
    if (result.outcome() == ProcessResult.Outcome.TIMED_OUT) {
      return Optional.of("`" + cli + " version` did not answer within " + PROBE_LIMIT.toSeconds() + " s");
    }
    String line = CliImageStore.errorLine(new CliImageStore.Captured(result, null, List.copyOf(stdout), List.copyOf(stderr)));
    return Optional.of(line.isEmpty() ? "`" + cli + " version` exited with " + result.exitCode() : line);
  }

  /** Probes on first use and keeps what it found; a failed probe is tried again next time. */
  private static final class Detected implements ImageStore {
    private final ProcessRunner runner;
    private final List<String> candidates;
    // A lock, not synchronized: the probe runs processes, and builds call this from virtual threads.
    private final ReentrantLock lock = new ReentrantLock();
    private ImageStore found;

    Detected(ProcessRunner runner, List<String> candidates) {
      this.runner = runner;
      this.candidates = candidates;
    }

    // Failures are not kept: the user may start Docker or install podman while devd runs, and the next build should
    // see it without a restart. A success is kept for devd's lifetime, so the probe runs once.
    private ImageStore store() throws ImageStoreException {
      lock.lock();
      try {
        if (found == null) found = probe(runner, candidates);
        return found;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String name() {
      try {
        return store().name();
      } catch (ImageStoreException e) {
        return String.join(" or ", candidates);
      }
    }

    @Override
    public Optional<String> imageId(ImageRef ref) throws ImageStoreException {
      return store().imageId(ref);
    }

    @Override
    public Optional<ImageCommand> command(ImageRef ref) throws ImageStoreException {
      return store().command(ref);
    }

    @Override
    public void tag(ImageRef existing, ImageRef newRef) throws ImageStoreException {
      store().tag(existing, newRef);
    }

    @Override
    public void push(ImageRef ref, ResourceLog log) throws ImageStoreException {
      store().push(ref, log);
    }

    @Override
    public List<ImageRef> tags(ImageRef repository) throws ImageStoreException {
      return store().tags(repository);
    }

    @Override
    public boolean untag(ImageRef ref) throws ImageStoreException {
      return store().untag(ref);
    }

    @Override
    public List<String> containerImages() throws ImageStoreException {
      return store().containerImages();
    }
  }
}
