package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which missing program a failed helper command's exit code and output point at, and the messages
 * that follow.
 */
class SyncExceptionTest {
  static final ContainerRef WEB =
      new ContainerRef(
          new ContainerRef.PodmanContainer("c1"), "web-1/web", "web:1", true, false, Instant.EPOCH);

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      127 | sh: tar: not found                                                                   | tar
      127 | sh: 1: head: not found                                                               | head
      127 | bash: tar: command not found                                                         | tar
      -1  | OCI runtime exec failed: exec: "sh": executable file not found in $PATH: unknown      | sh
      127 | Error: runc: exec failed: exec: "rm": executable file not found in $PATH             | rm
      127 | something else entirely                                                              | tar
      2   | tar: app/x: Cannot open: Permission denied                                           | ''
      """)
  void findsTheMissingProgram(int exitCode, String line, String expected) {
    Optional<String> missing =
        SyncException.missingProgram(exitCode, List.of(line), List.of("tar", "head", "sh", "rm"));

    assertThat(missing.orElse("")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      tar  | add it to the image (apk add tar, apt-get install tar)
      rm   | add it to the image (apk add coreutils, apt-get install coreutils)
      node | add node to the image
      """)
  void namesThePackageToAdd(String program, String advice) {
    assertThat(SyncException.missingProgram(WEB, program, "to copy files into it").getMessage())
        .isEqualTo(
            "web-1/web has no `"
                + program
                + "`, which devd needs to copy files into it: "
                + advice
                + ", or use a base"
                + " image that has it (busybox, alpine, debian-slim); if the image has it, set PATH in the image so that it"
                + " is found");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      no output     | 1 |                         | `rm -rf -- /x` failed in web-1/web with exit code 1
      its last line | 1 | rm: cannot remove '/x'  | `rm -rf -- /x` failed in web-1/web with exit code 1: rm: cannot remove '/x'
      """)
  void quotesAFailedCommandThatIsNotAMissingProgram(
      String behaviour, int exitCode, String line, String expected) {
    List<String> output = line == null ? List.of() : List.of(line);

    assertThat(
            SyncException.commandFailed(
                    WEB,
                    "to remove files deleted locally",
                    "rm -rf -- /x",
                    exitCode,
                    output,
                    List.of("rm"))
                .getMessage())
        .as(behaviour)
        .isEqualTo(expected);
  }
}
