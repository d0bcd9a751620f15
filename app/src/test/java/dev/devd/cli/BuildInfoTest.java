package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2)
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    return properties;
  }

  @Test
  void namesVersionCommitAndDate() {
    BuildInfo info =
        BuildInfo.of(
            properties(
                "version",
                "0.2.0",
                "commit",
                "26f44df435c9",
                "dirty",
                "false",
                "date",
                "2025-03-01T10:00:00Z"));

    assertThat(info.line())
        .isEqualTo("devd 0.2.0 (commit 26f44df435c9, built 2025-03-01T10:00:00Z)");
  }

  @Test
  void marksACommitWithUncommittedChanges() {
    assertThat(BuildInfo.of(properties("commit", "26f44df435c9", "dirty", "true")).commit())
        .isEqualTo("26f44df435c9-dirty");
  }

  @Test
  void whatTheBuildCouldNotTellIsUnknown() {
    BuildInfo outsideGit =
        BuildInfo.of(
            properties(
                "version",
                "0.2.0",
                "commit",
                "unknown",
                "dirty",
                "false",
                "date",
                "${devd.build.date}"));
    BuildInfo nothing = BuildInfo.of(new Properties());

    assertThat(outsideGit.line()).isEqualTo("devd 0.2.0 (commit unknown, built unknown)");
    assertThat(nothing.line()).isEqualTo("devd unknown (commit unknown, built unknown)");
  }

  @Test
  void theBuiltJarKnowsItsVersion() {
    assertThat(BuildInfo.ofThisBuild().version()).isNotEqualTo("unknown");
  }
}
