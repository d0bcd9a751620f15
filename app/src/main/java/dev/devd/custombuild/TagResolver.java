package dev.devd.custombuild;

import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.image.ContentTag;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStoreException;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settles the ref devd deploys after a custom build succeeded (SPEC §4): an immutable ref derived
 * from what was built, so identical content always gets the identical tag. One mode per image, from
 * its config:
 *
 * <ul>
 *   <li>default: the image at {@code EXPECTED_REF} in the local store is tagged {@code
 *       name:devd-<16 hex of its id>} and pushed, unless the {@link PushPolicy} or {@code
 *       disablePush} says no;
 *   <li>{@code tag: T}: the same, starting from {@code name:T};
 *   <li>{@code skipsLocalDocker}: the image the command pushed gets the tag {@code devd-<16 hex of
 *       its manifest digest>} in its registry (a manifest PUT, no data copied), or is deployed as
 *       {@code EXPECTED_REF} when no registry has it;
 *   <li>{@code outputsImageRefTo: F}: the ref the command wrote to F, checked and deployed as it
 *       is.
 * </ul>
 */
public final class TagResolver implements RefSettler {
  private final ImageStore store;
  private final RegistryClient registry;
  private final PushPolicy pushPolicy;

  /**
   * @param store the local image store (usually {@link ImageStores#detect}, which looks for docker
   *     or podman only when an image first needs it)
   * @param registry the client used for {@code skipsLocalDocker} images
   * @param pushPolicy whether the runtime needs images pushed, e.g. {@link
   *     PushPolicy#podmanRuntime()}
   */
  public TagResolver(ImageStore store, RegistryClient registry, PushPolicy pushPolicy) {
    this.store = store;
    this.registry = registry;
    this.pushPolicy = pushPolicy;
  }

  /**
   * Whether settling {@code image} ends with a push, so the engine can count the push among its
   * steps.
   */
  @Override
  public boolean pushes(ImageConfig image) {
    return usesLocalStore(image) && !image.disablePush() && pushPolicy.push();
  }

  /** {@link #settle(BuiltImage, ResourceLog, Consumer)} with the push announced as a plain line. */
  public ImageRef settle(BuiltImage built, ResourceLog log) throws BuildFailedException {
    return settle(built, log, title -> log.info("{}", title));
  }

  /**
   * The ref to deploy for a finished build.
   *
   * @param startStep called with the title of the push step ({@code Pushing <ref>}) just before the
   *     push, so the engine can number it: {@code STEP 2/3 — Pushing
   *     localhost:5000/web:devd-3f2a9c01d2e4b7a6}
   * @throws BuildFailedException with a message naming the cause and the fix when there is nothing
   *     to deploy
   */
  @Override
  public ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep)
      throws BuildFailedException {
    ImageConfig image = built.image();
    if (image.outputsImageRefTo().isPresent()) {
      ImageRef ref = ImageRefFile.read(image.outputsImageRefTo().get());
      log.info(
          "    Deploying {}, the ref the build wrote to {}", ref, image.outputsImageRefTo().get());
      return ref;
    }
    if (image.skipsLocalDocker()) return tagInRegistry(built, log);
    return tagInLocalStore(built, log, startStep);
  }

  private static boolean usesLocalStore(ImageConfig image) {
    return image.outputsImageRefTo().isEmpty() && !image.skipsLocalDocker();
  }

  private ImageRef tagInLocalStore(BuiltImage built, ResourceLog log, Consumer<String> startStep)
      throws BuildFailedException {
    ImageConfig image = built.image();
    ImageRef expected = built.expectedRef();
    ImageRef source = null;
    String id = null;
    try {
      for (ImageRef candidate : localSources(built)) {
        Optional<String> found = store.imageId(candidate);
        if (found.isPresent()) {
          source = candidate;
          id = found.get();
          break;
        }
      }
      if (source == null) throw missing(built);
      ImageRef deploy = expected.withoutTagOrDigest().withTag(ContentTag.of(id));
      store.tag(source, deploy);
      log.info("    Tagged {} as {}", source, deploy);
      // The temporary tag has done its job; a fixed tag (tag: T) is the user's and stays.
      discard(image, expected, log);
      if (image.disablePush()) {
        log.info("Skipping push: disablePush is set");
      } else if (!pushPolicy.push()) {
        log.info("Skipping push: {}", pushPolicy.reason());
      } else {
        startStep.accept("Pushing " + deploy);
        store.push(deploy, log);
      }
      return deploy;
    } catch (ImageStoreException e) {
      throw new BuildFailedException(e.getMessage(), e);
    }
  }

  /**
   * Takes the temporary name {@code devd-build-<unix s>} of a build away from the local store, if
   * it is there: after the image got its content tag, or after a build that failed once it had made
   * the image. Only for images built into the local store to {@code EXPECTED_REF} (not {@code tag:
   * T}, which is the user's). A failure is a warning: {@code devd prune} tries again.
   */
  @Override
  public void discard(ImageConfig image, ImageRef expected, ResourceLog log) {
    if (!usesLocalStore(image) || image.tag().isPresent()) return;
    try {
      store.untag(expected);
    } catch (ImageStoreException e) {
      log.warn("warning: cannot remove the temporary tag {}: {}", expected, e.getMessage());
    }
  }

  /**
   * Where the command was asked to put the image: {@code EXPECTED_REF}, or {@code name:T} with
   * {@code tag: T}. For the latter both the name as written in devd.yaml and the name under the
   * registry are tried, as a command with a fixed tag may or may not know about the registry.
   */
  private static List<ImageRef> localSources(BuiltImage built) {
    Optional<String> tag = built.image().tag();
    if (tag.isEmpty()) return List.of(built.expectedRef());
    LinkedHashSet<ImageRef> candidates = new LinkedHashSet<>();
    candidates.add(ImageRef.parse(built.image().ref()).withoutTagOrDigest().withTag(tag.get()));
    candidates.add(built.expectedRef().withoutTagOrDigest().withTag(tag.get()));
    return new ArrayList<>(candidates);
  }

  private BuildFailedException missing(BuiltImage built) {
    ImageConfig image = built.image();
    List<ImageRef> looked = localSources(built);
    String where = "the local " + store.name() + " store";
    if (image.tag().isPresent()) {
      return new BuildFailedException(
          "the build finished but no image \""
              + looked.getFirst()
              + "\" is in "
              + where
              + (looked.size() > 1 ? " (nor \"" + looked.get(1) + "\")" : "")
              + "; "
              + image.yamlPath()
              + ".tag is \""
              + image.tag().get()
              + "\", so the command must build exactly that ref (e.g. docker build -t "
              + looked.getFirst()
              + " .)");
    }
    return new BuildFailedException(
        "the build finished but no image \""
            + built.expectedRef()
            + "\" is in "
            + where
            + "; did the command tag the image? if it doesn't use docker, set skipsLocalDocker");
  }

  private ImageRef tagInRegistry(BuiltImage built, ResourceLog log) {
    ImageRef source =
        built
            .image()
            .tag()
            .map(tag -> built.expectedRef().withoutTagOrDigest().withTag(tag))
            .orElse(built.expectedRef());
    if (source.registry().isEmpty()) {
      log.info(
          "    Deploying {} as it is: it names no registry where devd could tag it by content",
          source);
      return source;
    }
    String host = source.registry().get();
    try {
      Optional<String> digest = registry.manifestDigest(source);
      if (digest.isEmpty()) {
        log.info(
            "    Deploying {} as it is: registry {} does not have it (the build put it where the cluster finds it)",
            source,
            host);
        return source;
      }
      String tag = ContentTag.of(digest.get());
      registry.tag(source.withDigest(digest.get()), tag);
      ImageRef deploy = source.withTag(tag);
      log.info("    Tagged {} as {} in registry {} (no image data copied)", source, deploy, host);
      return deploy;
    } catch (RegistryException e) {
      log.warn("cannot tag {} by content: {}", source, e.getMessage());
      log.warn("deploying {} as it is", source);
      return source;
    }
  }
}
