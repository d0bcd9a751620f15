package dev.devd.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts the inotify watches this JVM holds, from /proc/self/fdinfo: what the operating system
 * really has registered, whatever devd believes it registered.
 */
final class InotifyWatches {
  private InotifyWatches() {}

  static boolean available() {
    return Files.isDirectory(Path.of("/proc/self/fdinfo"));
  }

  static int count() throws IOException {
    int watches = 0;
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fdinfo"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          for (String line : Files.readAllLines(fd)) {
            if (line.startsWith("inotify wd:")) watches++;
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed while we listed; it holds no watches.
        }
      }
    }
    return watches;
  }
}
