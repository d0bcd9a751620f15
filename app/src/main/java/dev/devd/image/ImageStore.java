package dev.devd.image;

import dev.devd.console.ResourceLog;
import java.util.Optional;

/** The local image store of a container engine (docker or podman): looks images up, tags them and pushes them. */
public interface ImageStore {
  /** The CLI behind the store, as users know it: {@code docker} or {@code podman}. */
  String name();

  /** The full image id ({@code sha256:…}) of the image at {@code ref}, or empty when the store has no such image. */
  Optional<String> imageId(ImageRef ref) throws ImageStoreException;

  /** The entrypoint and cmd of the image at {@code ref}, or empty when the store has no such image. */
  Optional<ImageCommand> command(ImageRef ref) throws ImageStoreException;

  /** Gives the image at {@code existing} the additional name {@code newRef}. */
  void tag(ImageRef existing, ImageRef newRef) throws ImageStoreException;

  /** Pushes {@code ref} to its registry; the CLI's output goes to {@code log} line by line as it comes. */
  void push(ImageRef ref, ResourceLog log) throws ImageStoreException;
}
