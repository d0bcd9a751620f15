package dev.devd.engine;

import dev.devd.custombuild.BuildFailedException;
import dev.devd.custombuild.BuildRequest;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.BuiltImage;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import dev.devd.image.RegistryTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Builds each image at most once per set of changes, however many targets need it, with the images it depends on
 * first. Every change to an image's files raises its generation; a build records the generation it started from, so
 * a change that lands during a build makes the next request build again, and a target that asks for an image another
 * target has just built gets that result without a second build.
 */
public final class ImageBuilds {

  /** The outcome a target deploys: the build and the ref to deploy. */
  public record Result(BuiltImage built, ImageRef deployRef) {}

  /** Turns a finished build into the ref to deploy (SPEC §4), announcing a push step through {@code startStep}. */
  public interface RefSettler {
    ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep) throws BuildFailedException;

    /** Whether settling this image includes a push step. */
    boolean pushes(ImageConfig image);

    /** Images that are only built, not deployed: the build's own ref is the result. */
    RefSettler BUILD_ONLY = new RefSettler() {
      @Override
      public ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep) {
        return built.expectedRef();
      }

      @Override
      public boolean pushes(ImageConfig image) {
        return false;
      }
    };
  }

  private static final class State {
    final ReentrantLock lock = new ReentrantLock();
    final AtomicLong generation = new AtomicLong();
    long builtGeneration = -1;
    Map<String, ImageRef> builtWithDeps = Map.of();
    Result result;
    long failedGeneration = -1;
    BuildFailedException failure;
  }

  private volatile Map<String, ImageConfig> images = Map.of();
  private volatile Map<String, State> states = Map.of();
  private volatile RegistryTarget registry = RegistryTarget.none();
  private final ImageBuilder builder;
  private final BuildTags tags;
  private volatile RefSettler settler;

  public ImageBuilds(ImageBuilder builder, BuildTags tags) {
    this.builder = builder;
    this.tags = tags;
    this.settler = RefSettler.BUILD_ONLY;
  }

  /**
   * Takes the images of a (re)loaded config: an image whose settings did not change keeps its last build, so an
   * edit of devd.yaml rebuilds only what it affects.
   */
  public synchronized void update(List<ImageConfig> newImages, RegistryTarget newRegistry, RefSettler newSettler) {
    boolean sameRegistry = newRegistry.equals(registry) && newSettler == settler;
    Map<String, ImageConfig> nextImages = new LinkedHashMap<>();
    Map<String, State> nextStates = new LinkedHashMap<>();
    for (ImageConfig image : newImages) {
      ImageConfig old = images.get(image.ref());
      boolean unchanged = sameRegistry && old != null && Settings.of(old).equals(Settings.of(image));
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

  /** A file under the image's deps changed: the next request builds it again. */
  public void changed(String imageRef) {
    State state = states.get(imageRef);
    if (state != null) state.generation.incrementAndGet();
  }

  /** The image and every image it depends on, dependencies first. */
  public List<ImageConfig> withDependencies(String imageRef) {
    return withDependencies(List.of(imageRef));
  }

  /** These images and every image they depend on, each once, dependencies first. */
  public List<ImageConfig> withDependencies(List<String> imageRefs) {
    Map<String, ImageConfig> ordered = new LinkedHashMap<>();
    for (String imageRef : imageRefs) addWithDependencies(imageRef, ordered);
    return List.copyOf(ordered.values());
  }

  /** How many steps building these images would take now: a build for each stale one, and its push. */
  int stepsToBuild(List<ImageConfig> chain) {
    int steps = 0;
    for (ImageConfig image : chain) {
      if (isStale(image.ref())) steps += settler.pushes(image) ? 2 : 1;
    }
    return steps;
  }

  private void addWithDependencies(String imageRef, Map<String, ImageConfig> ordered) {
    ImageConfig image = images.get(imageRef);
    for (String dep : image.imageDeps()) addWithDependencies(dep, ordered);
    ordered.putIfAbsent(imageRef, image);
  }

  /** Whether a request for this image now would run its command. */
  public boolean isStale(String imageRef) {
    State state = states.get(imageRef);
    return state.result == null || state.builtGeneration < state.generation.get()
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
   * The image built from its current files, building it (after its dependencies, which must already be up to date)
   * only if no build covers its latest changes; the build and push steps are announced through {@code steps}.
   */
  Result ensureBuilt(String imageRef, ResourceLog log, Steps steps) throws BuildFailedException {
    ImageConfig image = images.get(imageRef);
    State state = states.get(imageRef);
    state.lock.lock();
    try {
      long generation = state.generation.get();
      Map<String, ImageRef> depRefs = new LinkedHashMap<>();
      for (String dep : image.imageDeps()) {
        Result depResult = states.get(dep).result;
        if (depResult == null) throw new BuildFailedException("image \"" + dep + "\" it depends on has not been built");
        depRefs.put(dep, depResult.deployRef());
      }
      if (state.result != null && state.builtGeneration >= generation && state.builtWithDeps.equals(depRefs)) {
        return state.result;
      }
      if (state.failure != null && state.failedGeneration >= generation) throw state.failure;
      steps.start("Building Custom Build: [" + image.ref() + "]");
      RegistryTarget target = registry;
      ImageRef expected = target.expectedRef(image, tags.next());
      try {
        BuiltImage built = builder.build(new BuildRequest(image, expected, target.environment(), depRefs), log);
        Result result = new Result(built, settler.settle(built, log, steps::start));
        state.result = result;
        state.builtGeneration = generation;
        state.builtWithDeps = Map.copyOf(depRefs);
        state.failure = null;
        return result;
      } catch (BuildFailedException e) {
        state.failure = e;
        state.failedGeneration = generation;
        throw e;
      }
    } finally {
      state.lock.unlock();
    }
  }
}
