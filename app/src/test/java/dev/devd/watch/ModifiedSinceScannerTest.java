package dev.devd.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rescan after lost events reports: what changed since a moment, and nothing that never
 * was there.
 */
class ModifiedSinceScannerTest {
  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
  @TempDir Path temp;

  private List<Path> scan(WatchPlan plan, Instant since) throws IOException {
    List<Path> modified = new ArrayList<>();
    new ModifiedSinceScanner(plan).scan(since, modified::add);
    return modified;
  }

  private Path old(Path path) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(LONG_AGO));
    return path;
  }

  @Test
  void reportsWhatWasModifiedSince() throws IOException {
    Path src = Files.createDirectories(temp.resolve("src"));
    Path saved = Files.writeString(src.resolve("saved.txt"), "new");
    old(Files.writeString(src.resolve("untouched.txt"), "old"));
    old(src);

    assertThat(scan(new WatchPlan(Set.of(src), Set.of(), dir -> false), LONG_AGO.plusSeconds(60)))
        .containsExactly(saved);
  }

  @Test
  void aWatchedFileOrDepThatDoesNotExistIsNotReportedWhenNothingWasDeleted() throws IOException {
    Path devdignore = temp.resolve(".devdignore");
    Path later = temp.resolve("build/classes");
    old(temp);

    assertThat(
            scan(
                new WatchPlan(Set.of(later), Set.of(devdignore), dir -> false),
                LONG_AGO.plusSeconds(60)))
        .isEmpty();
  }

  @Test
  void aWatchedFileDeletedSinceIsReported() throws IOException {
    Path devdignore = Files.writeString(temp.resolve(".devdignore"), "*.log");
    Files.delete(devdignore); // the folder's time says an entry went

    assertThat(
            scan(
                new WatchPlan(Set.of(), Set.of(devdignore), dir -> false),
                Instant.now().minusSeconds(5)))
        .containsExactly(devdignore);
  }
}
