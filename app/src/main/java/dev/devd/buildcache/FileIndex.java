package dev.devd.buildcache;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * What devd knows about each input file it hashed, kept in {@code .devd/cache/index} between runs,
 * as git keeps its index: the file's stat and the hash of its content. A file whose stat is
 * unchanged is not read again, which makes the digest of a big tree after a restart a matter of one
 * {@code lstat} per file.
 *
 * <p>A file modified in the same instant it was hashed could change again without its stat showing
 * it (file times are coarse: a few milliseconds on ext4, 2 seconds on FAT). Like git's "racily
 * clean" entries, a file whose times were that recent when it was hashed is never trusted later: it
 * is read again next time.
 *
 * <p>The file is binary: a header with the format version, the entries sorted by path (each path
 * stored as the length it shares with the one before and the rest), and a CRC-32C of all that at
 * the end (a checksum against damage, not a seal: a SHA-256 of the 4 MB of a 50,000-file index
 * takes 60 ms on a JVM limited to C1, as devd's launcher runs it, the CRC 2 ms). Anything that does
 * not read back exactly (another version, a torn or edited file) is thrown away: the index is only
 * a shortcut, so a bad one costs one full read of the files, never a wrong digest.
 */
final class FileIndex {
  // Twice FAT's 2-second granularity, the coarsest of common file systems; costs a re-read of files
  // saved seconds
  // before devd stopped.
  static final Duration RACY_WINDOW = Duration.ofSeconds(4);
  private static final byte[] MAGIC = "DEVDIDX".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;

  /**
   * One file as it was hashed; {@code racy} when its times were too recent to trust a later equal
   * stat.
   */
  private record Entry(FileStat stat, ContentHash hash, boolean racy) {}

  private final Map<String, Entry> entries;
  private final boolean discarded;
  private volatile boolean changed;

  private FileIndex(Map<String, Entry> entries, boolean discarded) {
    this.entries = entries;
    this.discarded = discarded;
  }

  static FileIndex empty() {
    return new FileIndex(new ConcurrentHashMap<>(), false);
  }

  /**
   * The index saved in {@code file}; empty when there is none or it cannot be read back exactly.
   */
  static FileIndex load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException e) {
      return new FileIndex(new ConcurrentHashMap<>(), true);
    }
    try {
      return new FileIndex(parse(bytes), false);
    } catch (IOException | IllegalArgumentException e) {
      return new FileIndex(new ConcurrentHashMap<>(), true);
    }
  }

  /** Whether {@link #load} found a file it could not use and started afresh. */
  boolean discarded() {
    return discarded;
  }

  int size() {
    return entries.size();
  }

  /**
   * The content hash recorded for {@code key}, when the file's stat is exactly as it was then and
   * trusted.
   */
  Optional<ContentHash> unchanged(String key, FileStat stat) {
    Entry entry = entries.get(key);
    if (entry == null || entry.racy() || !entry.stat().equals(stat)) return Optional.empty();
    return Optional.of(entry.hash());
  }

  /**
   * Records the hash of {@code key} read when the clock said {@code hashedAtNanos} (epoch
   * nanoseconds).
   */
  void put(String key, FileStat stat, ContentHash hash, long hashedAtNanos) {
    long trustedBefore = hashedAtNanos - RACY_WINDOW.toNanos();
    entries.put(key, new Entry(stat, hash, stat.mtimeNanos() >= trustedBefore));
    changed = true;
  }

  /**
   * Writes the entries of the files in {@code live} to {@code file}, owner-only and atomically, and
   * drops the others here too; writes nothing when that leaves the index as it was loaded or last
   * saved.
   *
   * @param live the files the digests hold now: each was looked up here or put here, so the index
   *     holds them all
   */
  void save(Path file, Set<String> live) throws IOException {
    // Every live file is an entry, so equal sizes mean there is nothing to drop (and no 50,000
    // lookups to find out).
    if (entries.size() != live.size())
      changed |= entries.keySet().removeIf(key -> !live.contains(key));
    if (!changed) return;
    changed = false;
    PrivateFile.write(file, serialize(new TreeMap<>(entries)));
  }

  private static byte[] serialize(TreeMap<String, Entry> sorted) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + sorted.size() * 90);
    DataOutputStream out = new DataOutputStream(buffer);
    out.write(MAGIC);
    out.writeInt(FORMAT);
    out.writeInt(sorted.size());
    byte[] previous = new byte[0];
    for (var item : sorted.entrySet()) {
      byte[] key = item.getKey().getBytes(StandardCharsets.UTF_8);
      int shared = Arrays.mismatch(previous, key);
      if (shared < 0)
        shared = key.length; // equal keys cannot happen in a map; kept total for safety
      out.writeInt(shared);
      out.writeInt(key.length - shared);
      out.write(key, shared, key.length - shared);
      Entry entry = item.getValue();
      FileStat stat = entry.stat();
      out.writeByte(stat.kind().ordinal());
      out.writeInt(stat.mode());
      out.writeLong(stat.size());
      out.writeLong(stat.mtimeNanos());
      out.writeLong(stat.identity());
      out.writeBoolean(entry.racy());
      entry.hash().write(out);
      previous = key;
    }
    out.flush();
    out.writeInt(crc(buffer.toByteArray(), buffer.size()));
    return buffer.toByteArray();
  }

  private static Map<String, Entry> parse(byte[] bytes) throws IOException {
    int body = bytes.length - Integer.BYTES;
    if (body < MAGIC.length + 8
        || ByteBuffer.wrap(bytes, body, Integer.BYTES).getInt() != crc(bytes, body)) {
      throw new IOException("checksum mismatch");
    }
    // A ByteBuffer rather than a DataInputStream: 50,000 entries are read at every start, mostly
    // before the JIT has
    // compiled anything, and each stream call is several interpreted calls deep.
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, body);
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
      throw new IOException("not an index");
    in.position(MAGIC.length);
    if (in.getInt() != FORMAT) throw new IOException("another format");
    int count = in.getInt();
    if (count < 0) throw new IOException("negative count");
    FileStat.Kind[] kinds = FileStat.Kind.values();
    Map<String, Entry> entries = new ConcurrentHashMap<>(Math.max(16, count * 4 / 3 + 1));
    byte[] key = new byte[256];
    int keyLength = 0;
    try {
      for (int i = 0; i < count; i++) {
        int shared = in.getInt();
        int rest = in.getInt();
        if (shared < 0 || shared > keyLength || rest < 0 || rest > in.remaining())
          throw new IOException("bad path lengths");
        if (shared + rest > key.length)
          key = Arrays.copyOf(key, Math.max(key.length * 2, shared + rest));
        in.get(key, shared, rest);
        keyLength = shared + rest;
        int kind = in.get() & 0xff;
        if (kind >= kinds.length) throw new IOException("bad kind");
        FileStat stat =
            new FileStat(kinds[kind], in.getInt(), in.getLong(), in.getLong(), in.getLong());
        boolean racy = in.get() != 0;
        ContentHash hash = new ContentHash(in.getLong(), in.getLong(), in.getLong(), in.getLong());
        entries.put(
            new String(key, 0, keyLength, StandardCharsets.UTF_8), new Entry(stat, hash, racy));
      }
    } catch (BufferUnderflowException e) {
      throw new IOException("cut short", e);
    }
    if (in.hasRemaining()) throw new IOException("trailing bytes");
    return entries;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
