package dev.devd.buildcache;

import dev.devd.config.Cmd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Feeds values into a SHA-256 so that different sequences of values never feed the same bytes:
 * every text goes in with its length first, so {@code ("ab", "c")} and {@code ("a", "bc")} differ.
 */
final class DigestWriter {
  private final MessageDigest digest = FileHasher.sha256();
  private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
  private final ByteBuffer hash = ByteBuffer.allocate(ContentHash.BYTES);

  DigestWriter text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    small(bytes.length);
    digest.update(bytes);
    return this;
  }

  /**
   * A number below 2^31 in four bytes: the digest of 50,000 files feeds fewer bytes to a SHA-256 in
   * C1 code.
   */
  DigestWriter small(int value) {
    digest.update(number.clear().putInt(value).flip());
    return this;
  }

  DigestWriter number(long value) {
    digest.update(number.clear().putLong(value).flip());
    return this;
  }

  DigestWriter bytes(byte[] bytes) {
    number(bytes.length);
    digest.update(bytes);
    return this;
  }

  DigestWriter hash(ContentHash hash) {
    hash.addTo(digest, this.hash);
    return this;
  }

  /** A command as what it runs: a script, or an argv element by element. */
  DigestWriter command(Cmd cmd) {
    if (cmd.isShell()) return text("script").text(cmd.script());
    text("argv").number(cmd.argv().size());
    cmd.argv().forEach(this::text);
    return this;
  }

  byte[] finish() {
    return digest.digest();
  }
}
