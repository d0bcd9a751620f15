package dev.devd.engine;

import dev.devd.buildcache.BuildCache;
import dev.devd.buildcache.CachedBuild;
import dev.devd.buildcache.InputDigest;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.custombuild.BuildRequest;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.BuiltImage;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.custombuild.RefSettler;
import dev.devd.image.ImageRef;
import dev.devd.image.RegistryTarget;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Builds each image at most once per set of changes, however many targets need it, with the images
 * it depends on first. A build records the {@link ChangeSequence} number routed when it started; a
 * target asks for an image with the number of the latest change of that image in its batch, so a
 * change that lands during a build makes the next request build again, and a target that asks for
 * an image another target has just built gets that result without a second build.
 *
 * <p>An image whose ref is settled for deploying goes through the {@link BuildCache} first: when
 * its input digest was built before and that image still exists, the recorded ref is deployed and
 * the command does not run (unless the build is forced, or the session runs without the cache).
 * Every build is recorded, and old tags are pruned after it.
 */
public final class ImageBuilds {

  /**
   * The outcome a target deploys.
   *
   * @param built the build that made the image; empty when it came from the build cache
   * @param builtNow whether this request ran the build command
   * @param cached the earlier build this request took from the cache instead of building
   */
  public record Result(
      Optional<BuiltImage> built,
      ImageRef deployRef,
      boolean builtNow,
      Optional<CachedBuild> cached) {
    Result reused() {
      return new Result(built, deployRef, false, Optional.empty());
    }
  }

  /** Makes the settler of images that are deployed, for the registry in effect. */
  public interface RefSettlers {
    RefSettler forRegistry(RegistryTarget registry);
  }

  private static final class State {
    final ReentrantLock lock = new ReentrantLock();
    long coveredChange = -1;
    Map<String, ImageRef> builtWithDeps = Map.of();
    Result result;
    long failedCoveredChange = -1;
    BuildFailedException failure;
  }

  private volatile Map<String, ImageConfig> images = Map.of();
  private volatile Map<String, State> states = Map.of();
  private volatile RegistryTarget registry = RegistryTarget.none();
  private volatile RefSettler settler = RefSettler.BUILD_ONLY;
  private final ImageBuilder builder;
  private final BuildTags tags;
  private final RefSettlers settlers;
  private final ChangeSequence changes;
  private final BuildCache cache;
  private final boolean useCache;
  private final Clock clock;

  /**
   * @param cache where builds are recorded, and (with {@code useCache}) looked up before a build
   * @param useCache false for {@code devd up --no-cache}: every build runs, and is still recorded
   */
  public ImageBuilds(
      ImageBuilder builder,
      BuildTags tags,
      RefSettlers settlers,
      ChangeSequence changes,
      BuildCache cache,
      boolean useCache,
      Clock clock) {
    this.builder = builder;
    this.tags = tags;
    this.settlers = settlers;
    this.changes = changes;
    this.cache = cache;
    this.useCache = useCache;
    this.clock = clock;
  }

  /**
   * Takes the images of a (re)loaded config: an image whose settings did not change keeps its last
   * build, so an edit of devd.yaml rebuilds only what it affects.
   *
   * @param deployed whether the images are deployed (their tags settled) or only built
   */
  public synchronized void update(
      List<ImageConfig> newImages, RegistryTarget newRegistry, boolean deployed) {
    boolean sameSettler =
        newRegistry.equals(registry) && deployed == (settler != RefSettler.BUILD_ONLY);
    RefSettler newSettler =
        sameSettler
            ? settler
            : deployed ? settlers.forRegistry(newRegistry) : RefSettler.BUILD_ONLY;
    Map<String, ImageConfig> nextImages = new LinkedHashMap<>();
    Map<String, State> nextStates = new LinkedHashMap<>();
    for (ImageConfig image : newImages) {
      ImageConfig old = images.get(image.ref());
      boolean unchanged = sameSettler && old != null && Settings.of(old).equals(Settings.of(image));
      nextImages.put(image.ref(), image);
      nextStates.put(image.ref(), unchanged ? states.get(image.ref()) : new State());
    }
    images = nextImages;
    states = nextStates;
    registry = newRegistry;
    settler = newSettler;
  }

  /** The config of an image, by its ref as written in devd.yaml. */
  public Optional<ImageConfig> image(String imageRef) {
    return Optional.ofNullable(images.get(imageRef));
  }

  /** These images and every image they depend on, each once, dependencies first. */
  public List<ImageConfig> withDependencies(List<String> imageRefs) {
    Map<String, ImageConfig> ordered = new LinkedHashMap<>();
    for (String imageRef : imageRefs) addWithDependencies(imageRef, ordered);
    return List.copyOf(ordered.values());
  }

  private void addWithDependencies(String imageRef, Map<String, ImageConfig> ordered) {
    ImageConfig image = images.get(imageRef);
    for (String dep : image.imageDeps()) addWithDependencies(dep, ordered);
    ordered.putIfAbsent(imageRef, image);
  }

  /**
   * How many steps building these images would take now: a build for each stale one, and its push.
   */
  int stepsToBuild(List<ImageConfig> chain, Map<String, Long> latestChanges, boolean force) {
    int steps = 0;
    for (ImageConfig image : chain) {
      if (force || isStale(image.ref(), latestChanges.getOrDefault(image.ref(), 0L))) {
        steps += settler.pushes(image) ? 2 : 1;
      }
    }
    return steps;
  }

  /**
   * Whether a request for this image now would run its command: it was never built, a change
   * numbered {@code latestChange} came after its build started, or an image it depends on now has
   * another ref.
   */
  public boolean isStale(String imageRef, long latestChange) {
    State state = states.get(imageRef);
    return state.result == null
        || state.coveredChange < latestChange
        || !state.builtWithDeps.equals(currentDepRefs(images.get(imageRef)));
  }

  private Map<String, ImageRef> currentDepRefs(ImageConfig image) {
    Map<String, ImageRef> refs = new LinkedHashMap<>();
    for (String dep : image.imageDeps()) {
      Result result = states.get(dep).result;
      refs.put(dep, result == null ? null : result.deployRef());
    }
    return refs;
  }

  /**
   * The image built from its current files, building it (after its dependencies, which must already
   * be up to date) only if no build covers its change numbered {@code latestChange}, or always with
   * {@code force}; the build and push steps are announced through {@code steps}. A failure is kept
   * for other targets asking for the same changes.
   */
  Result ensureBuilt(
      String imageRef, long latestChange, boolean force, ResourceLog log, Steps steps)
      throws BuildFailedException {
    ImageConfig image = images.get(imageRef);
    State state = states.get(imageRef);
    state.lock.lock();
    try {
      Map<String, ImageRef> depRefs = new LinkedHashMap<>();
      for (String dep : image.imageDeps()) {
        Result depResult = states.get(dep).result;
        if (depResult == null)
          throw new BuildFailedException("image \"" + dep + "\" it depends on has not been built");
        depRefs.put(dep, depResult.deployRef());
      }
      if (!force
          && state.result != null
          && state.coveredChange >= latestChange
          && state.builtWithDeps.equals(depRefs)) {
        return state.result.reused();
      }
      if (!force && state.failure != null && state.failedCoveredChange >= latestChange)
        throw state.failure;
      long covered = changes.current();
      RegistryTarget target = registry;
      RefSettler imageSettler = settler;
      // Images only built, never deployed, keep their temporary ref: there is no content tag to
      // record.
      boolean cached = imageSettler != RefSettler.BUILD_ONLY;
      Optional<InputDigest> digest = cached ? digest(image) : Optional.empty();
      ImageRef repository = target.rewrite(ImageRef.parse(image.ref()).withoutTagOrDigest());
      if (!force && useCache && digest.isPresent()) {
        Optional<CachedBuild> hit =
            cache.lookup(image, digest.get(), repository, imageSettler.pushes(image));
        if (hit.isPresent()) {
          log.info("{}", hit.get().describe(clock.getZone(), LocalDate.now(clock)));
          steps.skip(imageSettler.pushes(image) ? 2 : 1);
          return remember(
              state, new Result(Optional.empty(), hit.get().ref(), false, hit), covered, depRefs);
        }
      }
      steps.start("Building Custom Build: [" + image.ref() + "]");
      ImageRef expected = target.expectedRef(image, tags.next());
      if (cached) cache.issued(image, expected);
      try {
        BuiltImage built =
            builder.build(new BuildRequest(image, expected, target.environment(), depRefs), log);
        ImageRef deployRef = imageSettler.settle(built, log, steps::start);
        if (cached) {
          cache.discarded(expected);
          // A file changed while the command read them: the image may hold either state, so it
          // stands for neither.
          if (digest.isPresent() && digest.equals(digest(image)))
            cache.built(image, digest.get(), repository, deployRef);
          cache.pruneLater(image, inUse(deployRef), log);
        }
        return remember(
            state,
            new Result(Optional.of(built), deployRef, true, Optional.empty()),
            covered,
            depRefs);
      } catch (BuildFailedException e) {
        if (cached) {
          imageSettler.discard(image, expected, log);
          cache.discarded(expected);
        }
        state.failure = e;
        state.failedCoveredChange = covered;
        throw e;
      }
    } finally {
      state.lock.unlock();
    }
  }

  private static Result remember(
      State state, Result result, long covered, Map<String, ImageRef> depRefs) {
    state.result = result;
    state.coveredChange = covered;
    state.builtWithDeps = Map.copyOf(depRefs);
    state.failure = null;
    return result;
  }

  private Optional<InputDigest> digest(ImageConfig image) throws BuildFailedException {
    try {
      return cache.digest(image);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildFailedException("build stopped: devd is shutting down", e);
    }
  }

  // What this session deploys now, besides the new ref: pruning leaves them alone.
  private Set<ImageRef> inUse(ImageRef newRef) {
    Set<ImageRef> refs = new HashSet<>();
    refs.add(newRef);
    for (State other : states.values()) {
      Result result = other.result;
      if (result != null) refs.add(result.deployRef());
    }
    return refs;
  }
}
