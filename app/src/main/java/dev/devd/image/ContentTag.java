package dev.devd.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag devd deploys an image under: {@code devd-} and the first 16 hex digits of its image id or
 * manifest digest, so identical content always gets the identical tag and re-applying it changes
 * nothing in the cluster.
 */
public final class ContentTag {
  /**
   * Every tag devd derives from content starts with this; the temporary build tags start with
   * {@code devd-build-}.
   */
  public static final String PREFIX = "devd-";

  // 16 hex digits are 64 bits: a collision between two builds of one image is not a practical
  // worry, and the tag
  // stays short enough to read in `kubectl get pods -o wide`. Tilt and Skaffold cut their content
  // tags the same way.
  static final int HEX_DIGITS = 16;
  // "sha256:<hex>" as docker and registries write ids and digests, or the bare hex podman prints
  // for an image id.
  private static final Pattern DIGEST =
      Pattern.compile("(?:([a-z0-9]+(?:[.+_-][a-z0-9]+)*):)?([a-f0-9]{32,})");

  private static final Pattern TAG = Pattern.compile(PREFIX + "[0-9a-f]{" + HEX_DIGITS + "}");

  private ContentTag() {}

  /** Whether {@code tag} has the form of a tag devd derives from content, {@code devd-<16 hex>}. */
  public static boolean isContentTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /**
   * {@code sha256:3f2a9c01d2e4b7a6…} (or the bare hex) → {@code devd-3f2a9c01d2e4b7a6}.
   *
   * @throws IllegalArgumentException quoting the input when it is not a digest
   */
  public static String of(String idOrDigest) {
    Matcher m = DIGEST.matcher(idOrDigest == null ? "" : idOrDigest);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\""
              + idOrDigest
              + "\" is not an image id or digest (expected sha256: and"
              + " at least 32 lowercase hex digits)");
    }
    return PREFIX + m.group(2).substring(0, HEX_DIGITS);
  }

  /**
   * Docker's form of an id: podman prints the bare hex, docker and registries prefix the algorithm.
   */
  static String normalizedId(String id) {
    String trimmed = id.strip();
    return trimmed.contains(":") ? trimmed : "sha256:" + trimmed;
  }
}
