package dev.devd.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.image.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of builds in .devd/cache/builds.json: what a later devd finds, and what it does with a
 * damaged file.
 */
class BuildRecordsTest {
  private static final InputDigest ONE = new InputDigest("1".repeat(64));
  private static final InputDigest TWO = new InputDigest("2".repeat(64));
  private static final ImageRef WEB = ImageRef.parse("web");
  private static final Instant T0 = Instant.parse("2026-12-03T10:42:00Z");

  @TempDir Path stateDir;

  private static BuildRecord build(InputDigest digest, String tag, Instant at) {
    return new BuildRecord("web", digest, WEB, WEB.withTag(tag), at, at);
  }

  @Test
  void aLaterDevdFindsABuildByImageDigestAndRepository() {
    BuildRecords.in(stateDir).built(build(ONE, "devd-1111111111111111", T0));

    BuildRecords later = BuildRecords.in(stateDir);

    assertThat(later.find("web", ONE, WEB))
        .map(BuildRecord::ref)
        .contains(WEB.withTag("devd-1111111111111111"));
    assertThat(later.find("web", TWO, WEB)).isEmpty();
    assertThat(later.find("web", ONE, ImageRef.parse("localhost:5000/web")))
        .as("another registry")
        .isEmpty();
    assertThat(later.find("api", ONE, WEB)).isEmpty();
  }

  @Test
  void buildsComeMostRecentlyUsedFirst() {
    BuildRecords records = BuildRecords.in(stateDir);
    BuildRecord old = build(ONE, "devd-1111111111111111", T0);
    records.built(old);
    records.built(build(TWO, "devd-2222222222222222", T0.plusSeconds(60)));

    records.used(old, T0.plusSeconds(120));

    assertThat(records.of("web")).extracting(BuildRecord::digest).containsExactly(ONE, TWO);
  }

  @Test
  void aDamagedFileCountsAsEmptyAndIsReplacedByTheNextRecord() throws Exception {
    Files.createDirectories(stateDir.resolve("cache"));
    Files.writeString(
        stateDir.resolve("cache/builds.json"), "{\"format\": 1, \"builds\": [{\"image\": \"web\"");
    BuildRecords records = BuildRecords.in(stateDir);

    assertThat(records.of("web")).isEmpty();
    records.built(build(ONE, "devd-1111111111111111", T0));
    assertThat(BuildRecords.in(stateDir).of("web")).hasSize(1);
  }

  @Test
  void recordsMadeAtTheSameTimeAreAllKept() {
    BuildRecords records = BuildRecords.in(stateDir);

    CompletableFuture.allOf(
            IntStream.range(0, 20)
                .mapToObj(
                    i ->
                        CompletableFuture.runAsync(
                            () ->
                                records.built(
                                    build(
                                        new InputDigest("%064x".formatted(i)),
                                        "devd-%016x".formatted(i),
                                        T0))))
                .toArray(CompletableFuture[]::new))
        .join();

    assertThat(BuildRecords.in(stateDir).of("web")).hasSize(20);
  }

  @Test
  void temporaryTagsAreKeptUntilRemoved() {
    BuildRecords records = BuildRecords.in(stateDir);
    ImageRef temporary = WEB.withTag("devd-build-1764758520");

    records.issued("web", temporary, T0);
    assertThat(records.temporary("web"))
        .extracting(BuildRecords.Temporary::ref)
        .containsExactly(temporary);
    assertThat(records.temporary("web").getFirst().pid()).isEqualTo(ProcessHandle.current().pid());
    records.removed(temporary);

    assertThat(records.temporary("web")).isEmpty();
  }

  @Test
  void theFileIsReadableByItsOwnerOnly() throws Exception {
    BuildRecords.in(stateDir).built(build(ONE, "devd-1111111111111111", T0));

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stateDir.resolve("cache/builds.json"))))
        .isEqualTo("rw-------");
  }
}
