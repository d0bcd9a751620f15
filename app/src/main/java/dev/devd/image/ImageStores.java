package dev.devd.image;

import dev.devd.console.ResourceLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds the container CLI whose image store works on this machine, of the candidates the wiring
 * gives (docker when its engine answers, else podman). Detection happens on first use, not when
 * devd starts, so a project that never needs the local store (every image {@code skipsLocalDocker})
 * does not need any CLI.
 */
public final class ImageStores {
  // `docker version` with no engine fails at once (the socket is missing); the limit only matters
  // for an engine that
  // accepts the connection and then hangs, which must not hold up a build for long before podman
  // gets its turn.
  static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

  private ImageStores() {}

  /** The first of {@code candidates}, in order, that works, detected on first use. */
  public static ImageStore detect(List<CliImageStore> candidates) {
    if (candidates.isEmpty()) throw new IllegalArgumentException("no container CLI to try");
    return new Detected(List.copyOf(candidates));
  }

  /** Probes each candidate now, in order, and returns the first that works. */
  static ImageStore probe(List<CliImageStore> candidates) throws ImageStoreException {
    List<String> problems = new ArrayList<>();
    for (CliImageStore candidate : candidates) {
      Optional<String> problem = candidate.problem(PROBE_LIMIT);
      if (problem.isEmpty()) {
        ResourceLog.devd()
            .debug(
                "local image store: {} (tried {})",
                candidate.name(),
                problems.isEmpty() ? "nothing before it" : problems);
        return candidate;
      }
      problems.add(candidate.name() + ": " + problem.get());
    }
    throw new ImageStoreException(
        "no container engine with a local image store works here ("
            + String.join("; ", problems)
            + "); start Docker, or install podman (e.g. apt-get install podman), or set skipsLocalDocker or"
            + " outputsImageRefTo on images whose command does not use a local store");
  }

  /** Probes on first use and keeps what it found; a failed probe is tried again next time. */
  private static final class Detected implements ImageStore {
    private final List<CliImageStore> candidates;
    // A lock, not synchronized: the probe runs processes, and builds call this from virtual
    // threads.
    private final ReentrantLock lock = new ReentrantLock();
    private ImageStore found;

    Detected(List<CliImageStore> candidates) {
      this.candidates = candidates;
    }

    // Failures are not kept: the user may start Docker or install podman while devd runs, and the
    // next build should
    // see it without a restart. A success is kept for devd's lifetime, so the probe runs once.
    private ImageStore store() throws ImageStoreException {
      lock.lock();
      try {
        if (found == null) found = probe(candidates);
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
        return String.join(" or ", candidates.stream().map(CliImageStore::name).toList());
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
