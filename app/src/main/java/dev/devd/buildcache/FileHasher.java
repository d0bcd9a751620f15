package dev.devd.buildcache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hashes one input file, or takes its hash from the {@link FileIndex} when its stat is unchanged;
 * counts which it did. Safe to use from several threads at once.
 */
final class FileHasher {
  // 64 KiB reads: the median source file fits in one, and a big one streams without a big buffer
  // per thread.
  private static final int BUFFER = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));
  private static final ThreadLocal<MessageDigest> DIGESTS =
      ThreadLocal.withInitial(FileHasher::sha256);

  private final FileIndex index;
  private final Clock clock;
  private final LongAdder read = new LongAdder();
  private final LongAdder reused = new LongAdder();

  FileHasher(FileIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  FileIndex index() {
    return index;
  }

  /** How many files were read and how many came from the index, since this hasher was made. */
  long filesRead() {
    return read.sum();
  }

  long filesFromIndex() {
    return reused.sum();
  }

  /**
   * The state of the file or link at {@code path} (whose stat is {@code stat}); empty when it
   * vanished meanwhile.
   *
   * @param reread read it even if the index has it: the watcher said it changed, and a change
   *     within the file times' granularity leaves the stat as it was
   */
  Optional<FileState> state(String key, Path path, FileStat stat, boolean reread)
      throws IOException {
    if (!reread) {
      Optional<ContentHash> known = index.unchanged(key, stat);
      if (known.isPresent()) {
        reused.increment();
        return Optional.of(new FileState(stat.kind(), stat.mode(), known.get()));
      }
    }
    Instant before = clock.instant();
    ContentHash hash;
    try {
      hash = stat.kind() == FileStat.Kind.LINK ? linkHash(path) : contentHash(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    read.increment();
    index.put(key, stat, hash, before.getEpochSecond() * 1_000_000_000L + before.getNano());
    return Optional.of(new FileState(stat.kind(), stat.mode(), hash));
  }

  private static ContentHash contentHash(Path path) throws IOException {
    MessageDigest digest = DIGESTS.get();
    ByteBuffer buffer = BUFFERS.get();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      buffer.clear();
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        digest.update(buffer);
        buffer.clear();
      }
    } catch (IOException e) {
      digest.reset();
      throw e;
    }
    return ContentHash.of(digest.digest());
  }

  // A link is its target as text, as git and Docker's COPY keep it; where it points is not
  // followed.
  private static ContentHash linkHash(Path path) throws IOException {
    MessageDigest digest = DIGESTS.get();
    digest.update(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
    return ContentHash.of(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
