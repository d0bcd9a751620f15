package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
  @TempDir Path stateDir;

  @Test
  void aWrittenRecordReadsBackAndOnlyItsOwnerCanReadIt() throws Exception {
    RunRecord record =
        new RunRecord(
            "0123456789abcdef",
            4321,
            Instant.parse("2025-03-01T10:00:00.120Z"),
            Optional.of(Path.of("/sys/fs/cgroup/pids/devd-0123456789abcdef")));

    record.writeTo(stateDir);

    assertThat(RunRecord.readFrom(stateDir)).contains(record);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stateDir.resolve(RunRecord.NAME))))
        .isEqualTo("rw-------");
  }

  @Test
  void thisProcessRunsButNotWithAnotherStartTime() {
    RunRecord self = RunRecord.ofThisProcess("0123456789abcdef", Optional.empty());
    // The same pid with another start time: the process that had it is gone and another took the
    // pid over.
    RunRecord reused =
        new RunRecord(self.run(), self.pid(), self.started().minusSeconds(3600), Optional.empty());

    assertThat(self.devdRuns()).isTrue();
    assertThat(reused.devdRuns()).isFalse();
  }

  @Test
  void anUnreadableRecordIsNoRecord() throws Exception {
    Files.writeString(stateDir.resolve(RunRecord.NAME), "run=abc\npid=12\n");

    assertThat(RunRecord.readFrom(stateDir)).isEmpty();
  }

  @Test
  void deletingLeavesTheRecordOfAnotherRun() throws Exception {
    RunRecord mine = new RunRecord("0123456789abcdef", 1, Instant.EPOCH, Optional.empty());
    RunRecord other = new RunRecord("fedcba9876543210", 2, Instant.EPOCH, Optional.empty());
    other.writeTo(stateDir);

    mine.deleteFrom(stateDir);

    assertThat(RunRecord.readFrom(stateDir)).contains(other);
  }
}
