package dev.devd.liveupdate;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the files of a {@link SyncPlan} as a POSIX tar stream (ustar, with PAX extended headers
 * for names and sizes ustar cannot hold), each under its path in the container without the leading
 * {@code /}, to be unpacked at {@code /}. A folder brings everything under it (symlinks are stored
 * as links, not followed); modes and modification times are kept, owners are written as uid and gid
 * 0 with no names, so whoever unpacks decides.
 *
 * <p>Folders above a copied path get no entry of their own: unpacking an entry for a folder that
 * exists resets its mode and owner (think of {@code /tmp}), and GNU tar, busybox tar and {@code
 * podman cp} all create missing parent folders anyway. A path that vanished after it was planned is
 * left out, and a name written twice is written once.
 */
public final class TarWriter implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(TarWriter.class);

  private static final int BLOCK = 512;
  // GNU tar's default blocking factor of 20: readers that expect whole records get them.
  private static final int RECORD = 20 * BLOCK;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final int NAME_LENGTH = 100;
  private static final int PREFIX_LENGTH = 155;

  private final OutputStream out;
  private final Set<String> written = new HashSet<>();
  private long position;
  private int files;
  private boolean closed;

  /** A writer into {@code out}; {@link #close()} ends the archive but leaves {@code out} open. */
  public TarWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /**
   * Writes every copy into {@code out} and ends the archive; returns the number of files and
   * symlinks written.
   */
  public static int write(List<FileCopy> copies, OutputStream out) throws IOException {
    try (TarWriter writer = new TarWriter(out)) {
      for (FileCopy copy : copies) writer.add(copy);
      return writer.files();
    }
  }

  /**
   * Adds a file, symlink or folder (with everything under it); a path that does not exist is left
   * out.
   */
  public void add(FileCopy copy) throws IOException {
    if (closed) throw new IllegalStateException("the archive is already closed");
    add(copy.local(), entryName(copy.remote()));
  }

  /** The files and symlinks written so far (folders not counted). */
  public int files() {
    return files;
  }

  /**
   * Writes the end of the archive (two zero blocks, padded to a whole record); {@code out} stays
   * open.
   */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    long end = position + 2 * BLOCK;
    long padded = (end + RECORD - 1) / RECORD * RECORD;
    writeZeros(padded - position);
    out.flush();
  }

  private void add(Path local, String name) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      log.debug("{} is gone since the sync was planned; not copying it", local);
      return;
    }
    long mtime = attributes.lastModifiedTime().toInstant().getEpochSecond();
    if (attributes.isSymbolicLink()) {
      String target = Files.readSymbolicLink(local).toString();
      if (written.add(name)) {
        writeHeader(name, mode(local, false), 0, mtime, '2', target);
        files++;
      }
    } else if (attributes.isDirectory()) {
      // "/" itself gets no entry: nobody means to change the mode of the container's root.
      if (!name.isEmpty() && written.add(name + "/"))
        writeHeader(name + "/", mode(local, true), 0, mtime, '5', "");
      List<Path> children;
      try (Stream<Path> listing = Files.list(local)) {
        children = listing.sorted().toList();
      } catch (NoSuchFileException e) {
        return;
      }
      for (Path child : children) {
        String childName = child.getFileName().toString();
        add(child, name.isEmpty() ? childName : name + "/" + childName);
      }
    } else if (attributes.isRegularFile()) {
      if (name.isEmpty())
        throw new IllegalArgumentException(local + " is a file and cannot be copied to / itself");
      if (!written.add(name)) return;
      InputStream content;
      try {
        content = Files.newInputStream(local);
      } catch (NoSuchFileException e) {
        written.remove(name);
        return;
      }
      try (content) {
        long size = attributes.size();
        writeHeader(name, mode(local, false), size, mtime, '0', "");
        writeContent(content, size);
        files++;
      }
    } else {
      log.debug("{} is neither a file, a folder nor a symlink; not copying it", local);
    }
  }

  /**
   * Copies exactly {@code size} bytes: a file that grew is cut, one that shrank is padded with
   * zeros.
   */
  private void writeContent(InputStream content, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) break;
      out.write(buffer, 0, n);
      left -= n;
    }
    position += size - left;
    writeZeros(left);
    writeZeros(padding(size));
  }

  private void writeHeader(String name, int mode, long size, long mtime, char type, String linkName)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = linkName.getBytes(StandardCharsets.UTF_8);
    StringBuilder pax = new StringBuilder();
    int split = splitPoint(nameBytes);
    if (split < 0) paxRecord(pax, "path", name);
    if (linkBytes.length > NAME_LENGTH) paxRecord(pax, "linkpath", linkName);
    if (size > MAX_OCTAL_11) paxRecord(pax, "size", Long.toString(size));
    if (mtime < 0 || mtime > MAX_OCTAL_11) paxRecord(pax, "mtime", Long.toString(mtime));
    if (!pax.isEmpty()) {
      byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
      String paxName = "PaxHeaders/" + lastPart(name);
      out.write(
          header(
              truncate(paxName.getBytes(StandardCharsets.UTF_8), NAME_LENGTH),
              new byte[0],
              0644,
              records.length,
              0,
              'x',
              new byte[0]));
      out.write(records);
      position += BLOCK + records.length;
      writeZeros(padding(records.length));
    }
    byte[] headerName;
    byte[] prefix;
    if (split < 0) {
      headerName = truncate(nameBytes, NAME_LENGTH);
      prefix = new byte[0];
    } else if (split == 0) {
      headerName = nameBytes;
      prefix = new byte[0];
    } else {
      headerName = Arrays.copyOfRange(nameBytes, split + 1, nameBytes.length);
      prefix = Arrays.copyOf(nameBytes, split);
    }
    out.write(
        header(
            headerName,
            prefix,
            mode,
            size > MAX_OCTAL_11 ? 0 : size,
            mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime,
            type,
            truncate(linkBytes, NAME_LENGTH)));
    position += BLOCK;
  }

  /**
   * Where a name too long for the ustar name field is split into prefix and name: 0 when it fits as
   * it is, the index of the {@code /} to split at, or -1 when it fits in neither way (then a PAX
   * header carries it).
   */
  private static int splitPoint(byte[] name) {
    if (name.length <= NAME_LENGTH) return 0;
    int limit = Math.min(PREFIX_LENGTH, name.length - 2);
    for (int i = limit; i > 0; i--) {
      if (name[i] == '/' && name.length - i - 1 <= NAME_LENGTH && name.length - i - 1 > 0) return i;
    }
    return -1;
  }

  private static byte[] header(
      byte[] name, byte[] prefix, int mode, long size, long mtime, char type, byte[] linkName) {
    byte[] header = new byte[BLOCK];
    System.arraycopy(name, 0, header, 0, name.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, size);
    octal(header, 136, 12, mtime);
    header[156] = (byte) type;
    System.arraycopy(linkName, 0, header, 157, linkName.length);
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
    header[263] = '0';
    header[264] = '0';
    System.arraycopy(prefix, 0, header, 345, prefix.length);
    Arrays.fill(
        header, 148, 156, (byte) ' '); // the checksum is summed with its own field as spaces
    long sum = 0;
    for (byte b : header) sum += b & 0xFF;
    String checksum = String.format("%06o", sum);
    System.arraycopy(checksum.getBytes(StandardCharsets.US_ASCII), 0, header, 148, 6);
    header[154] = 0;
    header[155] = ' ';
    return header;
  }

  /**
   * Writes {@code value} as zero-padded octal digits followed by a NUL into {@code length} bytes.
   */
  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int width = length - 1;
    if (digits.length() > width)
      throw new IllegalArgumentException(value + " does not fit in " + width + " octal digits");
    String text = "0".repeat(width - digits.length()) + digits;
    System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, header, offset, width);
    header[offset + width] = 0;
  }

  /**
   * Appends one PAX record, {@code "<length> <key>=<value>\n"}, whose length counts its own digits.
   */
  private static void paxRecord(StringBuilder records, String key, String value) {
    int rest =
        1
            + key.getBytes(StandardCharsets.UTF_8).length
            + 1
            + value.getBytes(StandardCharsets.UTF_8).length
            + 1;
    int length = rest + Integer.toString(rest).length();
    if (Integer.toString(length).length() != Integer.toString(rest).length())
      length = rest + Integer.toString(length).length();
    records.append(length).append(' ').append(key).append('=').append(value).append('\n');
  }

  private static int mode(Path local, boolean directory) throws IOException {
    try {
      PosixFileAttributes posix =
          Files.readAttributes(local, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission permission : posix.permissions())
        mode |= 0400 >> permission.ordinal();
      return mode;
    } catch (
        UnsupportedOperationException
            e) { // Windows: no modes to keep; pick what an image build would
      return directory || Files.isExecutable(local) ? 0755 : 0644;
    }
  }

  private static String entryName(String remote) {
    int start = 0;
    while (start < remote.length() && remote.charAt(start) == '/') start++;
    int end = remote.length();
    while (end > start && remote.charAt(end - 1) == '/') end--;
    return remote.substring(start, end);
  }

  private static String lastPart(String name) {
    return name.substring(name.lastIndexOf('/', name.length() - 2) + 1);
  }

  private static byte[] truncate(byte[] bytes, int length) {
    return bytes.length <= length ? bytes : Arrays.copyOf(bytes, length);
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private void writeZeros(long count) throws IOException {
    byte[] zeros = new byte[BLOCK];
    long left = count;
    while (left > 0) {
      int n = (int) Math.min(zeros.length, left);
      out.write(zeros, 0, n);
      left -= n;
    }
    position += count;
  }
}
