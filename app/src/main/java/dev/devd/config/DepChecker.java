package dev.devd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Rejects deps devd cannot watch: the whole file system, a kernel's pseudo file system, a path this
 * user cannot read. devd registers every folder under a dep with the operating system and reads
 * every file of it for an image's input digest, so such a dep would otherwise end {@code devd up}
 * in the middle of its start, or never report a change.
 */
final class DepChecker {
  // File systems the kernel makes up as they are read: their files change without any event, some
  // of their folders
  // cannot be listed even by root, and /proc holds a folder per process. Names as in /proc/mounts.
  private static final Set<String> PSEUDO_FILE_SYSTEMS =
      Set.of(
          "proc",
          "sysfs",
          "devtmpfs",
          "devpts",
          "cgroup",
          "cgroup2",
          "debugfs",
          "tracefs",
          "securityfs",
          "configfs",
          "bpf",
          "pstore",
          "efivarfs",
          "fusectl",
          "mqueue",
          "binfmt_misc",
          "nsfs",
          "rpc_pipefs");

  private DepChecker() {}

  /**
   * Whether devd can watch {@code dep} (existing, absolute); reports why not at {@code node} when
   * it cannot.
   */
  static boolean check(Path dep, YamlNode.Scalar node, Problems problems) {
    String written = "\"" + node.text() + "\"";
    if (dep.getParent() == null) {
      problems.add(
          node,
          written
              + " is the whole file system, and devd cannot register every folder of it with the "
              + "operating system",
          "name the folders and files whose changes matter, e.g. deps: [src/, Dockerfile]");
      return false;
    }
    String type = fileSystemType(dep);
    if (PSEUDO_FILE_SYSTEMS.contains(type)) {
      problems.add(
          node,
          written
              + " is on the kernel's "
              + type
              + " file system, whose files change without the "
              + "events devd watches for",
          "name folders and files of your project, e.g. deps: [src/]");
      return false;
    }
    if (!Files.isReadable(dep) || (Files.isDirectory(dep) && !Files.isExecutable(dep))) {
      problems.add(
          node,
          written + " cannot be read by this user",
          "make it readable (chmod), or leave it out of deps");
      return false;
    }
    return true;
  }

  private static String fileSystemType(Path path) {
    try {
      return Files.getFileStore(path).type();
    } catch (IOException | RuntimeException e) {
      return ""; // not known: no reason to refuse the dep
    }
  }
}
