package dev.devd.buildcache;

import dev.devd.image.ContentTag;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes the old tags of an image devd built from the local store: content tags ({@code devd-<16
 * hex>}) beyond the {@code keep} most recently deployed, unless a container or a running workload
 * uses them, and temporary {@code devd-build-*} tags a devd that is no longer running left behind.
 * Only tags the project's {@link BuildRecords} say devd made are ever touched: an image someone
 * else tagged, or another project's, stays. An image goes from the store with its last tag, and the
 * store refuses that while a container was made from it.
 */
public final class TagPruner {
  private final ImageStore store;
  private final BuildRecords records;

  public TagPruner(ImageStore store, BuildRecords records) {
    this.store = store;
    this.records = records;
  }

  /**
   * @param image the image's ref as written in devd.yaml
   * @param keep how many content tags to keep (the most recently deployed ones)
   * @param inUse refs that running workloads use, beyond the local store's own containers (which
   *     are asked)
   */
  public PruneReport prune(String image, int keep, Set<ImageRef> inUse) {
    List<ImageRef> removed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<BuildRecord> builds = records.of(image);
    List<BuildRecords.Temporary> temporary = records.temporary(image);
    Set<ImageRef> repositories = new LinkedHashSet<>();
    builds.forEach(build -> repositories.add(build.repository()));
    temporary.forEach(t -> repositories.add(t.ref().withoutTagOrDigest()));
    if (repositories.isEmpty()) return new PruneReport(removed, problems);
    List<String> containerImages;
    try {
      containerImages = store.containerImages();
    } catch (ImageStoreException e) {
      return new PruneReport(
          removed,
          List.of(
              "cannot tell which images containers use, so nothing was removed: "
                  + e.getMessage()));
    }
    for (ImageRef repository : repositories) {
      Set<ImageRef> present;
      try {
        present = new HashSet<>(store.tags(repository));
      } catch (ImageStoreException e) {
        problems.add(e.getMessage());
        continue;
      }
      int kept = 0;
      Set<ImageRef> seen = new HashSet<>();
      for (BuildRecord build : builds) {
        ImageRef ref = build.ref();
        if (!build.repository().equals(repository)
            || !seen.add(ref)
            || !present.contains(ref)
            || ref.tag().filter(ContentTag::isContentTag).isEmpty()) {
          continue;
        }
        if (kept < keep) {
          kept++;
        } else if (!inUse.contains(ref)
            && containerImages.stream().noneMatch(shown -> ImageStore.sameName(shown, ref))) {
          untag(ref, removed, problems).ifPresent(gone -> records.forget(image, gone));
        }
      }
      for (BuildRecords.Temporary t : temporary) {
        if (!t.ref().withoutTagOrDigest().equals(repository) || issuerRuns(t)) continue;
        if (!present.contains(t.ref()) || untag(t.ref(), removed, problems).isPresent())
          records.removed(t.ref());
      }
    }
    return new PruneReport(removed, problems);
  }

  private Optional<ImageRef> untag(ImageRef ref, List<ImageRef> removed, List<String> problems) {
    try {
      store.untag(ref);
      removed.add(ref);
      return Optional.of(ref);
    } catch (ImageStoreException e) {
      problems.add(ref + " stays: " + e.getMessage());
      return Optional.empty();
    }
  }

  // The devd that handed the tag out may still be building with it. A process with its pid that
  // started after the
  // tag was handed out is another process that got the pid later.
  private static boolean issuerRuns(BuildRecords.Temporary temporary) {
    return ProcessHandle.of(temporary.pid())
        .map(
            process ->
                process
                    .info()
                    .startInstant()
                    .map(start -> !start.isAfter(temporary.issuedAt()))
                    .orElse(true))
        .orElse(false);
  }
}
