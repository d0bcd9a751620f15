package dev.devd.buildcache;

import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ContentTag;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStoreException;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build cache of one session of devd (SPEC §11.2), as the engine uses it: the input digest of
 * each image kept current from the watcher's changes ({@link InputDigests}), the builds recorded
 * per digest ({@link BuildRecords}), the check that a recorded image still exists where the runtime
 * takes it from, and the pruning of old tags ({@link TagPruner}).
 *
 * <p>How the engine uses it, per build of an image whose ref is settled for deploying:
 *
 * <ol>
 *   <li>{@link #digest} of the image; unless the build is forced ({@code devd trigger}, {@code
 *       --no-cache}), {@link #lookup} with it: a hit is deployed as it is, with {@link
 *       CachedBuild#describe} on the terminal;
 *   <li>otherwise {@link #issued} with the temporary ref, the build, and after it {@link #digest}
 *       again: only when it is unchanged (no file changed while the command read them) {@link
 *       #built} records the build;
 *   <li>{@link #prune} the image's tags once the new ref is deployed.
 * </ol>
 *
 * The session feeds it every watched change ({@link #changed}) and every (re)loaded config ({@link
 * #update}) after the watcher is registered.
 */
public final class BuildCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BuildCache.class);

  private final InputDigests digests;
  private final BuildRecords records;
  private final ImageStore store;
  private final RegistryClient registry;
  private final TagPruner pruner;
  private final Clock clock;
  private final ExecutorService pruning =
      Executors.newSingleThreadExecutor(
          task -> Thread.ofPlatform().daemon().name("devd-prune").unstarted(task));
  private volatile int keep = ProjectConfig.DEFAULT_KEEP;

  private BuildCache(
      InputDigests digests,
      BuildRecords records,
      ImageStore store,
      RegistryClient registry,
      Clock clock) {
    this.digests = digests;
    this.records = records;
    this.store = store;
    this.registry = registry;
    this.pruner = new TagPruner(store, records);
    this.clock = clock;
  }

  /**
   * The cache of the project whose state folder is {@code stateDir}; it knows no image until {@link
   * #update}.
   *
   * @param store the local image store builds go to, where cached refs are looked for
   * @param registry the client that looks for cached refs of pushed images in their registry
   */
  public static BuildCache open(
      Path stateDir, ImageStore store, RegistryClient registry, Clock clock) {
    return new BuildCache(
        InputDigests.open(stateDir, clock), BuildRecords.in(stateDir), store, registry, clock);
  }

  /**
   * Takes a (re)loaded config: the digests of its images are computed on a worker thread from now
   * on.
   */
  public void update(ProjectConfig config) {
    keep = config.keep();
    digests.update(config);
  }

  /** A watched path changed (called on the watcher's thread; never blocks). */
  public void changed(Path path) {
    digests.changed(path);
  }

  /**
   * The image's input digest after every change reported so far, once {@link #update} was given the
   * config this image comes from; empty when it cannot be known.
   */
  public Optional<InputDigest> digest(ImageConfig image) throws InterruptedException {
    return digests.digest(image);
  }

  /**
   * The ref built before for {@code digest} under {@code repository}, if its image is still there:
   * in the registry when the runtime pulls it from there ({@code pushed}), else in the local store
   * (or, for a ref that names a registry, there).
   */
  public Optional<CachedBuild> lookup(
      ImageConfig image, InputDigest digest, ImageRef repository, boolean pushed) {
    Optional<BuildRecord> build = records.find(image.ref(), digest, repository);
    if (build.isEmpty()) return Optional.empty();
    ImageRef ref = build.get().ref();
    if (!(pushed
        ? inRegistry(ref)
        : inLocalStore(ref) || (ref.registry().isPresent() && inRegistry(ref)))) {
      log.debug("the build of {} for {} deployed {}, which is gone", image.ref(), digest, ref);
      return Optional.empty();
    }
    records.used(build.get(), clock.instant());
    return Optional.of(new CachedBuild(ref, build.get().builtAt()));
  }

  private boolean inLocalStore(ImageRef ref) {
    try {
      Optional<String> id = store.imageId(ref);
      // A content tag names its image: the same tag on another image (tagged by hand) is not the
      // build.
      return id.isPresent()
          && ref.tag()
              .filter(ContentTag::isContentTag)
              .map(tag -> tag.equals(ContentTag.of(id.get())))
              .orElse(true);
    } catch (ImageStoreException e) {
      log.debug("cannot look for " + ref + " in the local store", e);
      return false;
    }
  }

  private boolean inRegistry(ImageRef ref) {
    if (ref.registry().isEmpty()) return false;
    try {
      return registry.manifestDigest(ref).isPresent();
    } catch (RegistryException e) {
      log.debug("cannot look for " + ref + " in its registry", e);
      return false;
    }
  }

  /** A build of {@code image} is about to write to the temporary ref {@code expected}. */
  public void issued(ImageConfig image, ImageRef expected) {
    records.issued(image.ref(), expected, clock.instant());
  }

  /**
   * The temporary ref of a build is gone from the local store (removed after the retag, or never
   * made).
   */
  public void discarded(ImageRef expected) {
    records.removed(expected);
  }

  /** Records that the build of {@code digest} under {@code repository} deployed {@code ref}. */
  public void built(ImageConfig image, InputDigest digest, ImageRef repository, ImageRef ref) {
    records.built(
        new BuildRecord(image.ref(), digest, repository, ref, clock.instant(), clock.instant()));
  }

  /**
   * Removes the image's content tags beyond the {@code keep} most recently deployed, and temporary
   * tags left behind, from the local store; never a tag in {@code inUse} or used by a container.
   */
  public PruneReport prune(ImageConfig image, int keep, Set<ImageRef> inUse) {
    return pruner.prune(image.ref(), keep, inUse);
  }

  /**
   * {@link #prune} on a thread of its own, so that the deploy does not wait for it; with the
   * image's {@code keep} (else the global one); what it removed goes to {@code log}.
   */
  public void pruneLater(ImageConfig image, Set<ImageRef> inUse, ResourceLog log) {
    int imageKeep = image.keep().orElse(keep);
    try {
      pruning.execute(
          () -> {
            PruneReport report = prune(image, imageKeep, inUse);
            if (!report.removed().isEmpty()) {
              log.info(
                  "pruned from the local store (keep: {}): {}",
                  imageKeep,
                  String.join(", ", report.removed().stream().map(ImageRef::toString).toList()));
            }
            report.problems().forEach(problem -> log.warn("warning: cannot prune: {}", problem));
          });
    } catch (RejectedExecutionException closed) {
      // devd is stopping; the next build or devd prune does it.
    }
  }

  /**
   * Saves the index of file hashes and stops the worker threads (a pruning under way finishes
   * first).
   */
  @Override
  public void close() {
    pruning.shutdown();
    digests.close();
    try {
      pruning.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
