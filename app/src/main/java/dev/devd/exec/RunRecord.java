package dev.devd.exec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@code devd up} as {@code .devd/run.properties} keeps it while it runs: its run (the {@link
 * ProcessMarker} name its commands carry), its pid and start time (so a pid taken over by another
 * process is not taken for devd), and its cgroup when it made one. A {@code devd up} that finds the
 * record of a devd that no longer runs ends that run's processes.
 */
record RunRecord(String run, long pid, Instant started, Optional<Path> cgroup) {
  static final String NAME = "run.properties";
  // The JDK derives a start time from the kernel's clock ticks (10 ms) and the boot time; a second
  // covers any rounding.
  private static final Duration SAME_START = Duration.ofSeconds(1);

  RunRecord {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(cgroup, "cgroup");
  }

  /** The record of this devd process, run {@code run}. */
  static RunRecord ofThisProcess(String run, Optional<Path> cgroup) {
    ProcessHandle self = ProcessHandle.current();
    return new RunRecord(run, self.pid(), self.info().startInstant().orElse(Instant.EPOCH), cgroup);
  }

  /** The record in {@code stateDir}, if there is one that can be read. */
  static Optional<RunRecord> readFrom(Path stateDir) {
    Path file = stateDir.resolve(NAME);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      Properties properties = new Properties();
      properties.load(new StringReader(Files.readString(file)));
      String run = properties.getProperty("run");
      String pid = properties.getProperty("pid");
      String started = properties.getProperty("started");
      if (run == null || pid == null || started == null) return Optional.empty();
      Optional<Path> cgroup = Optional.ofNullable(properties.getProperty("cgroup")).map(Path::of);
      return Optional.of(new RunRecord(run, Long.parseLong(pid), Instant.parse(started), cgroup));
    } catch (IOException | NumberFormatException | DateTimeParseException e) {
      return Optional.empty(); // half written by a devd killed at that moment: nothing to go on
    }
  }

  /**
   * Whether the devd of this record still runs: its pid is alive and started when the record says.
   */
  boolean devdRuns() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .flatMap(h -> h.info().startInstant())
        .map(start -> Duration.between(start, started).abs().compareTo(SAME_START) < 0)
        .orElse(false);
  }

  /** Writes the record into {@code stateDir}, readable by its owner only, replacing any. */
  void writeTo(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    StringBuilder text =
        new StringBuilder(
            "# the devd up that runs in this project, so a later one can end what it"
                + " leaves behind if it is killed\n");
    text.append("run=").append(run).append('\n');
    text.append("pid=").append(pid).append('\n');
    text.append("started=").append(started).append('\n');
    cgroup.ifPresent(
        dir -> text.append("cgroup=").append(dir.toString().replace("\\", "\\\\")).append('\n'));
    boolean posix =
        Files.getFileStore(stateDir).supportsFileAttributeView(PosixFileAttributeView.class);
    Path temp =
        posix
            ? Files.createTempFile(
                stateDir,
                NAME,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(stateDir, NAME, ".tmp");
    try {
      Files.writeString(temp, text);
      try {
        Files.move(
            temp,
            stateDir.resolve(NAME),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, stateDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Deletes the record of this run from {@code stateDir}, unless another run's has replaced it. */
  void deleteFrom(Path stateDir) throws IOException {
    if (readFrom(stateDir).filter(this::equals).isPresent())
      Files.deleteIfExists(stateDir.resolve(NAME));
  }
}
