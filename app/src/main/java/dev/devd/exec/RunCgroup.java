package dev.devd.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux control group of devd's own run, {@code devd-<run>} below the group devd started in: devd
 * moves itself into it, so every process it starts from then on is born inside, and no process can
 * leave it by forking, {@code setsid} or clearing its environment; only a deliberate move (as
 * container engines make for their monitors) takes one out.
 *
 * <p>Which hierarchy: on a hybrid layout (cgroup v1 controllers beside a cgroup2 mount), the v1
 * {@code pids} one, because podman and docker with the cgroupfs manager move their container
 * monitors (conmon) out of the v1 groups only and would leave them in a cgroup2 group of devd's, to
 * be ended with it; on a pure cgroup2 layout, cgroup2. Creating a group needs write access to the
 * one devd runs in: root has it, and so has a user in a systemd-delegated group (a desktop
 * terminal's); elsewhere there is no group and devd relies on {@link ProcessMarker} alone.
 */
final class RunCgroup {
  private static final Logger log = LoggerFactory.getLogger(RunCgroup.class);
  private static final Path PROC_SELF = Path.of("/proc/self");
  private static final String PROCS = "cgroup.procs";
  private static final Pattern GROUP_NAME = Pattern.compile("devd-[0-9a-f]{16}");

  private static volatile Optional<RunCgroup> current = Optional.empty();

  private final Path dir;

  private RunCgroup(Path dir) {
    this.dir = dir;
  }

  /** The group devd runs in, once {@link #create} made it, until {@link #leave}. */
  static Optional<RunCgroup> current() {
    return current;
  }

  /**
   * The group of run {@code run}, created below devd's own and with devd moved into it; empty where
   * that cannot be. Empty groups that killed runs left beside it are removed on the way.
   */
  static Optional<RunCgroup> create(String run) {
    Optional<Path> own = ownGroup();
    if (own.isEmpty()) return Optional.empty();
    removeEmptyGroupsBeside(own.get());
    Path dir = own.get().resolve("devd-" + run);
    try {
      Files.createDirectory(dir);
    } catch (IOException e) {
      log.debug("cannot create the cgroup {}; finding processes by their environment only", dir, e);
      return Optional.empty();
    }
    try {
      Files.writeString(dir.resolve(PROCS), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      log.debug(
          "cannot move devd into the cgroup {}; finding processes by their environment only",
          dir,
          e);
      deleteQuietly(dir);
      return Optional.empty();
    }
    log.debug("devd runs in the cgroup {}", dir);
    RunCgroup group = new RunCgroup(dir);
    current = Optional.of(group);
    return current;
  }

  // A devd lives in its group from the moment after it made it until it exits, so an empty group is
  // a killed run's
  // (or one made an instant ago, whose devd then goes on without a group). The kernel removes only
  // empty groups.
  private static void removeEmptyGroupsBeside(Path parent) {
    try (Stream<Path> groups = Files.list(parent)) {
      groups
          .filter(group -> GROUP_NAME.matcher(group.getFileName().toString()).matches())
          .filter(group -> isEmpty(group.resolve(PROCS)))
          .forEach(group -> new RunCgroup(group).remove());
    } catch (IOException | UncheckedIOException e) {
      log.debug("cannot look for empty cgroups in {}", parent, e);
    }
  }

  private static boolean isEmpty(Path procs) {
    try {
      return Files.readString(procs).isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  /** The group an earlier run recorded, if it still exists. */
  static Optional<RunCgroup> at(Path dir) {
    return Files.isRegularFile(dir.resolve(PROCS))
        ? Optional.of(new RunCgroup(dir))
        : Optional.empty();
  }

  Path dir() {
    return dir;
  }

  /**
   * The processes in the group and the groups below it (a devd started by one of devd's commands
   * makes its own), devd itself left out. Each was checked to be in the group after its handle was
   * taken, so a pid that a process outside took over in between is not among them.
   */
  List<ProcessHandle> members() {
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> members = new ArrayList<>();
    for (Path group : groups()) {
      List<String> pids;
      try {
        pids = Files.readAllLines(group.resolve(PROCS));
      } catch (IOException e) {
        continue; // removed in the meantime
      }
      for (String pid : pids) {
        long id = Long.parseLong(pid.strip());
        if (id == self) continue;
        ProcessHandle.of(id).filter(h -> isIn(h.pid(), group)).ifPresent(members::add);
      }
    }
    return members;
  }

  /** Moves devd back to the group it came from, so this one can be removed. */
  void leave() {
    current = Optional.empty();
    try {
      Files.writeString(
          dir.getParent().resolve(PROCS), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      log.debug("cannot move devd out of the cgroup {}", dir, e);
    }
  }

  /**
   * Removes the group and those below it; a group that still has processes stays (the kernel
   * refuses).
   */
  void remove() {
    List<Path> groups = groups();
    groups.sort(Comparator.comparingInt(Path::getNameCount).reversed()); // the deepest first
    groups.forEach(RunCgroup::deleteQuietly);
  }

  private List<Path> groups() {
    try (Stream<Path> all = Files.walk(dir)) {
      return new ArrayList<>(all.filter(Files::isDirectory).toList());
    } catch (IOException | UncheckedIOException e) {
      return new ArrayList<>(List.of(dir));
    }
  }

  // /proc/<pid>/cgroup names the process's group in each hierarchy as "id:controllers:/path".
  private static boolean isIn(long pid, Path group) {
    try {
      String groupName = group.getFileName().toString();
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
          .anyMatch(line -> line.endsWith("/" + groupName) || line.contains("/" + groupName + "/"));
    } catch (IOException e) {
      return false; // gone
    }
  }

  /** The folder of devd's own group in the hierarchy this class uses, when it can be found. */
  static Optional<Path> ownGroup() {
    if (!Files.isDirectory(PROC_SELF)) return Optional.empty();
    try {
      List<String> groups = Files.readAllLines(PROC_SELF.resolve("cgroup"), StandardCharsets.UTF_8);
      List<String> mounts =
          Files.readAllLines(PROC_SELF.resolve("mountinfo"), StandardCharsets.UTF_8);
      return ownGroup(groups, mounts);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * {@link #ownGroup()} from the text of {@code /proc/self/cgroup} and {@code
   * /proc/self/mountinfo}.
   */
  static Optional<Path> ownGroup(List<String> groups, List<String> mounts) {
    Optional<Path> pids = find(groups, mounts, "pids");
    return pids.isPresent() ? pids : find(groups, mounts, "");
  }

  // controller "" means cgroup2: its line in /proc/self/cgroup is "0::/path" and its file system
  // type "cgroup2".
  private static Optional<Path> find(List<String> groups, List<String> mounts, String controller) {
    for (String line : groups) {
      String[] parts = line.split(":", 3);
      if (parts.length < 3) continue;
      boolean match =
          controller.isEmpty()
              ? parts[0].equals("0") && parts[1].isEmpty()
              : List.of(parts[1].split(",")).contains(controller);
      if (!match) continue;
      String path = parts[2];
      for (String mount : mounts) {
        // "36 35 0:30 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids": root, mount point,
        // then after the
        // " - " separator the file system type, source and options.
        int separator = mount.indexOf(" - ");
        if (separator < 0) continue;
        String[] fields = mount.substring(0, separator).split(" ");
        String[] after = mount.substring(separator + 3).split(" ");
        if (fields.length < 5 || after.length < 3) continue;
        boolean right =
            controller.isEmpty()
                ? after[0].equals("cgroup2")
                : after[0].equals("cgroup") && List.of(after[2].split(",")).contains(controller);
        if (!right) continue;
        String root = fields[3];
        // Only a mount of the hierarchy's root, or of a part above devd's group, shows devd's
        // group.
        if (!root.equals("/") && !path.equals(root) && !path.startsWith(root + "/")) continue;
        String below = root.equals("/") ? path : path.substring(root.length());
        return Optional.of(Path.of(unescape(fields[4]), below.isEmpty() ? "/" : below).normalize());
      }
    }
    return Optional.empty();
  }

  // mountinfo writes a space in a mount point as \040 (and tab, newline, backslash likewise).
  private static String unescape(String field) {
    return field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }

  private static void deleteQuietly(Path group) {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      log.debug("cannot remove the cgroup {}", group, e);
    }
  }
}
