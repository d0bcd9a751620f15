package dev.devd.image;

import dev.devd.console.ResourceLog;
import java.util.List;
import java.util.Optional;

/**
 * The local image store of a container engine (docker or podman): looks images up, tags, untags and
 * pushes them, and says which images containers were made from.
 */
public interface ImageStore {
  /** The CLI behind the store, as users know it: {@code docker} or {@code podman}. */
  String name();

  /**
   * The full image id ({@code sha256:…}) of the image at {@code ref}, or empty when the store has
   * no such image.
   */
  Optional<String> imageId(ImageRef ref) throws ImageStoreException;

  /**
   * The entrypoint and cmd of the image at {@code ref}, or empty when the store has no such image.
   */
  Optional<ImageCommand> command(ImageRef ref) throws ImageStoreException;

  /** Gives the image at {@code existing} the additional name {@code newRef}. */
  void tag(ImageRef existing, ImageRef newRef) throws ImageStoreException;

  /**
   * Pushes {@code ref} to its registry; the CLI's output goes to {@code log} line by line as it
   * comes.
   */
  void push(ImageRef ref, ResourceLog log) throws ImageStoreException;

  /**
   * Every tagged ref of the repository {@code repository} (its tag and digest are ignored) in the
   * store, under the name devd gives it: podman's {@code localhost/web:v1} is {@code web:v1} for
   * the repository {@code web}.
   */
  List<ImageRef> tags(ImageRef repository) throws ImageStoreException;

  /**
   * Takes the name {@code ref} away: the image itself goes only with its last name, and then only
   * when no container was made from it (the store refuses, which is an {@link
   * ImageStoreException}).
   *
   * @return false when the store had no image of that name
   */
  boolean untag(ImageRef ref) throws ImageStoreException;

  /**
   * The images of every container in the store, running or not, as the store names them ({@code
   * localhost/web:v1}).
   */
  List<String> containerImages() throws ImageStoreException;

  /**
   * Whether {@code shown}, an image name as the store prints it, is {@code ref} (podman adds {@code
   * localhost/}).
   */
  static boolean sameName(String shown, ImageRef ref) {
    String name = ref.toString();
    return shown.equals(name) || (ref.registry().isEmpty() && shown.equals("localhost/" + name));
  }
}
