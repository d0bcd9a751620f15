package dev.devd.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as Docker writes it: {@code [registry/]path[:tag][@digest]}, such as {@code
 * localhost:5000/team/web:devd-3f2a9c01d2e4b7a6}. Immutable; compares by its parts as written (no
 * {@code docker.io/library/} normalization, so {@code nginx} and {@code docker.io/library/nginx}
 * differ).
 *
 * @param registry the registry host with optional port, or empty when the reference names none
 * @param path the repository path below the registry, lowercase, such as {@code team/web}
 * @param tag the tag, or empty
 * @param digest the digest such as {@code sha256:…}, or empty
 */
public record ImageRef(
    Optional<String> registry, String path, Optional<String> tag, Optional<String> digest) {

  // The grammar of github.com/distribution/reference, written out as Java regexps.
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final int MAX_NAME_LENGTH = 255;

  public ImageRef {
    if (registry.isPresent() && !HOST.matcher(registry.get()).matches()) {
      throw new InvalidImageRefException(
          registry.get() + "/" + path, "\"" + registry.get() + "\" is not a registry host");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidImageRefException(path, reasonForComponent(component));
      }
    }
    if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
      throw new InvalidImageRefException(
          path + ":" + tag.get(),
          "tag \""
              + tag.get()
              + "\" must be 1–128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
    }
    if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
      throw new InvalidImageRefException(
          path + "@" + digest.get(), "\"" + digest.get() + "\" is not a digest");
    }
  }

  /**
   * Parses a reference such as {@code web}, {@code localhost:5000/web:v1} or {@code
   * gcr.io/p/web@sha256:…}.
   */
  public static ImageRef parse(String text) {
    if (text == null || text.isEmpty())
      throw new InvalidImageRefException(String.valueOf(text), "it is empty");
    if (!text.strip().equals(text) || text.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidImageRefException(text, "it contains white space");
    }
    String rest = text;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    Optional<String> registry = Optional.empty();
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = Optional.of(first);
        rest = rest.substring(slash + 1);
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) throw new InvalidImageRefException(text, "the repository name is missing");
    if (!rest.toLowerCase(java.util.Locale.ROOT).equals(rest)) {
      throw new InvalidImageRefException(text, "repository must be lowercase");
    }
    try {
      ImageRef ref = new ImageRef(registry, rest, tag, digest);
      if (ref.name().length() > MAX_NAME_LENGTH) {
        throw new InvalidImageRefException(
            text, "the name is longer than " + MAX_NAME_LENGTH + " characters");
      }
      return ref;
    } catch (InvalidImageRefException e) {
      throw new InvalidImageRefException(text, e.reason());
    }
  }

  private static String reasonForComponent(String component) {
    if (component.isEmpty()) return "it has an empty path component";
    if (!component.toLowerCase(java.util.Locale.ROOT).equals(component))
      return "repository must be lowercase";
    return "path component \""
        + component
        + "\" may only hold lowercase letters, digits and single separators (. _ __ -)";
  }

  /** Registry and path, without tag or digest: {@code localhost:5000/web}. */
  public String name() {
    return registry.map(r -> r + "/" + path).orElse(path);
  }

  public ImageRef withTag(String newTag) {
    return new ImageRef(registry, path, Optional.of(newTag), Optional.empty());
  }

  /** This image pinned to one manifest: the digest replaces any tag. */
  public ImageRef withDigest(String newDigest) {
    return new ImageRef(registry, path, Optional.empty(), Optional.of(newDigest));
  }

  public ImageRef withoutTagOrDigest() {
    return new ImageRef(registry, path, Optional.empty(), Optional.empty());
  }

  public ImageRef withRegistry(Optional<String> newRegistry) {
    return new ImageRef(newRegistry, path, tag, digest);
  }

  public boolean isTagged() {
    return tag.isPresent() || digest.isPresent();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name());
    tag.ifPresent(t -> text.append(':').append(t));
    digest.ifPresent(d -> text.append('@').append(d));
    return text.toString();
  }
}
