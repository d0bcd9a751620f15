package dev.devd.buildcache;

import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.ignore.IgnoreRules;
import dev.devd.watch.IgnoreRulesFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the input digest of every image of a project current (SPEC §11.2): a SHA-256 over the path,
 * kind, permission bits and content of each file under its deps that its ignore rules keep (the
 * watcher's rules; symbolic links as links), its command, env, dir, deps and tag mode, the input
 * digests of its imageDeps, and the version of this scheme. Folders are not inputs: an empty folder
 * changes no digest.
 *
 * <p>The first digests are computed on a worker thread as soon as this starts; changes the watcher
 * reports are then applied one path at a time (a changed file is read again, nothing else). The
 * hashes of files live in an index in {@code .devd/cache/index}, so after a restart only files
 * whose stat changed are read. Everything happens on the one worker thread, in the order it was
 * asked for: {@link #digest} answers after every change reported before it.
 *
 * <p>Give it each config ({@link #update}) after the watcher is registered: a file changed between
 * the scan reading it and the watcher watching it would otherwise be missed until its next change.
 */
public final class InputDigests implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InputDigests.class);

  /**
   * What the last full scan did: how many input files, how many read and how many taken from the
   * index, how long.
   */
  public record Scan(int files, long read, long fromIndex, Duration took) {}

  private final Path indexFile;
  private final Clock clock;
  private final ExecutorService worker;
  private final ForkJoinPool pool;
  private final CompletableFuture<FileHasher> loading;
  private FileHasher hasher; // worker thread only, once loaded
  private volatile TreeScanner scanner;
  // Long enough for a watcher to register a very big tree after a reload, which comes before the
  // config gets here.
  static final Duration CONFIG_WAIT = Duration.ofSeconds(60);

  private Map<String, ImageInputs> images = Map.of(); // worker thread only
  private Map<String, ImageConfig> configured = Map.of(); // guarded by this
  private volatile Scan lastScan = new Scan(0, 0, 0, Duration.ZERO);

  private InputDigests(Path stateDir, Clock clock) {
    this.indexFile = stateDir.resolve("cache").resolve("index");
    this.clock = clock;
    this.worker =
        Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("devd-digest").unstarted(task));
    // Listing and hashing wait for the disk and the kernel about as much as they compute: two
    // threads per core.
    this.pool = new ForkJoinPool(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    // Read while devd registers its watcher, which comes before the first scan needs it.
    this.loading =
        CompletableFuture.supplyAsync(
            () -> {
              FileIndex index = FileIndex.load(indexFile);
              if (index.discarded())
                log.debug(
                    "{} could not be read back; every input file is read once to make it again",
                    indexFile);
              return new FileHasher(index, clock);
            },
            worker);
  }

  /**
   * Digests for the project whose state folder is {@code stateDir}; they know no image until {@link
   * #update}.
   */
  public static InputDigests open(Path stateDir, Clock clock) {
    return new InputDigests(stateDir, clock);
  }

  /**
   * Starts computing the digests of every image of {@code config} on a worker thread and returns at
   * once.
   */
  public static InputDigests start(ProjectConfig config, Clock clock) {
    InputDigests digests = open(config.stateDir(), clock);
    digests.update(config);
    return digests;
  }

  /**
   * Takes a (re)loaded config: every image's settings and ignore rules are taken anew and its files
   * found again, on the worker thread (files whose stat is unchanged come from the index, so this
   * costs a stat per file). An image whose ignore files cannot be read has no digest.
   */
  public void update(ProjectConfig config) {
    IgnoreRulesFactory factory = new IgnoreRulesFactory();
    Map<ImageConfig, Object> rules =
        new LinkedHashMap<>(); // the IgnoreRules, or why there are none
    for (ImageConfig image : config.images()) {
      try {
        rules.put(image, factory.forImage(config, image));
      } catch (IOException e) {
        rules.put(image, e);
      }
    }
    // Under the lock with the queueing, so that a digest waiting for this config is queued after
    // the scan.
    synchronized (this) {
      configured =
          config.images().stream()
              .collect(Collectors.toUnmodifiableMap(ImageConfig::ref, image -> image));
      worker.execute(
          () -> {
            hasher = loading.join();
            TreeScanner nextScanner = new TreeScanner(hasher, config.root(), pool);
            scanner = nextScanner;
            Map<String, ImageInputs> next = new LinkedHashMap<>();
            rules.forEach(
                (image, imageRules) ->
                    next.put(
                        image.ref(),
                        imageRules instanceof IgnoreRules r
                            ? new ImageInputs(image, r, nextScanner)
                            : ImageInputs.unreadable(
                                image, (IOException) imageRules, nextScanner)));
            images = next;
            scanAll();
          });
      notifyAll();
    }
  }

  private void scanAll() {
    Instant start = clock.instant();
    long read = hasher.filesRead();
    long fromIndex = hasher.filesFromIndex();
    for (ImageInputs inputs : images.values()) {
      inputs.scan(scanner);
      inputs
          .problem()
          .ifPresent(
              problem ->
                  log.debug(
                      "the input digest of {} is unknown: {}",
                      inputs.image().ref(),
                      problem.toString()));
    }
    lastScan =
        new Scan(
            liveFiles().size(),
            hasher.filesRead() - read,
            hasher.filesFromIndex() - fromIndex,
            Duration.between(start, clock.instant()));
    worker.execute(this::saveIndex); // after the digests already asked for
  }

  /**
   * A path the watcher reported as created, modified or deleted. Never blocks: the work is queued.
   */
  public void changed(Path path) {
    try {
      worker.execute(
          () -> {
            for (ImageInputs inputs : images.values()) {
              if (inputs.covers(path)) inputs.changed(path, scanner);
            }
          });
    } catch (RejectedExecutionException closed) {
      // devd is stopping: no digest will be asked for any more.
    }
  }

  /**
   * The input digest of an image now, after every change reported so far; empty when it cannot be
   * known (a file under its deps, or of an image it depends on, could not be read): then nothing
   * may be taken from the cache. Waits until {@link #update} was given the config {@code image}
   * comes from (a reload hands the engine its images a moment before it gets here), up to {@link
   * #CONFIG_WAIT}.
   */
  public Optional<InputDigest> digest(ImageConfig image) throws InterruptedException {
    Future<Optional<InputDigest>> result;
    synchronized (this) {
      long deadline = System.nanoTime() + CONFIG_WAIT.toNanos();
      while (!image.equals(configured.get(image.ref()))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return Optional.empty();
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      result = queue(() -> compute(image.ref(), new HashSet<>()));
    }
    return await(result);
  }

  /** What the last full scan (at start, or after a reload) did. */
  public Scan lastScan() throws InterruptedException {
    submit(() -> null); // waits for a scan that is still running
    return lastScan;
  }

  private Optional<InputDigest> compute(String imageRef, Set<String> visiting) {
    ImageInputs inputs = images.get(imageRef);
    if (inputs == null || inputs.problem().isPresent() || !visiting.add(imageRef))
      return Optional.empty();
    DigestWriter writer = new DigestWriter().bytes(inputs.settings()).bytes(inputs.filesDigest());
    writer.text("imageDeps").number(inputs.image().imageDeps().size());
    for (String dep : inputs.image().imageDeps()) {
      Optional<InputDigest> depDigest = compute(dep, visiting);
      if (depDigest.isEmpty()) return Optional.empty();
      writer.text(dep).text(depDigest.get().hex());
    }
    visiting.remove(imageRef);
    return Optional.of(InputDigest.of(writer.finish()));
  }

  private <T> T submit(Callable<T> task) throws InterruptedException {
    return await(queue(task));
  }

  private <T> Future<T> queue(Callable<T> task) {
    try {
      return worker.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the input digests are closed", e);
    }
  }

  private static <T> T await(Future<T> result) throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "computing input digests failed: " + e.getCause(), e.getCause());
    }
  }

  // The input files of all images; one image's own key set when there is one image (no copy of
  // 50,000 keys).
  private Set<String> liveFiles() {
    if (images.size() == 1) return images.values().iterator().next().files().keySet();
    Set<String> live = new HashSet<>();
    for (ImageInputs inputs : images.values()) live.addAll(inputs.files().keySet());
    return live;
  }

  private void saveIndex() {
    if (hasher == null) return; // never configured
    try {
      hasher.index().save(indexFile, liveFiles());
    } catch (IOException e) {
      log.debug("cannot save " + indexFile + "; the next start reads every input file", e);
    }
  }

  /** Saves the index after the work queued so far, and stops the worker. */
  @Override
  public void close() {
    try {
      worker.submit(this::saveIndex);
    } catch (RejectedExecutionException alreadyClosed) {
      return;
    }
    worker.shutdown();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
