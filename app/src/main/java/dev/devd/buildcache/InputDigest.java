package dev.devd.buildcache;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The input digest of an image: a SHA-256 over everything that decides what its build command
 * builds (its files, command, env, dir, tag mode and the input digests of its imageDeps; see {@link
 * InputDigests}). Two states of a project with the same digest build the same image, so a build
 * recorded under it need not run again.
 *
 * @param hex 64 lower-case hex digits
 */
public record InputDigest(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public InputDigest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "\"" + hex + "\" is not an input digest (64 lower-case hex digits)");
    }
  }

  static InputDigest of(byte[] sha256) {
    return new InputDigest(HexFormat.of().formatHex(sha256));
  }

  /** {@code sha256:3f2a…}, as {@code devd dump input-digest} prints it. */
  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
