package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The completion scripts, read and run by the real shells (scripts/test installs zsh and fish). */
class CompletionTest {
  @TempDir Path temp;

  private Path script(String shell) throws Exception {
    CliTest.Run run = CliTest.run("completion", shell);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.writeString(temp.resolve("devd." + shell), run.out());
  }

  private static String shell(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + " printed:\n" + out).isZero();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"bash", "zsh", "fish"})
  void eachScriptParsesInItsShell(String name) throws Exception {
    Path script = script(name);

    assertThat(shell(name, "-n", script.toString())).isEmpty();
  }

  @Test
  void bashCompletesCommandsAndOptions() throws Exception {
    Path script = script("bash");
    String complete =
        "source "
            + script
            + "; COMP_WORDS=(devd %s); COMP_CWORD=%d; COMP_LINE='devd %s'; COMP_POINT=${#COMP_LINE};"
            // compopt complains outside a real completion, where it has nothing to change
            + " _complete_devd 2>/dev/null; printf '%%s\\n' \"${COMPREPLY[@]}\"";

    assertThat(shell("bash", "-c", complete.formatted("at", 1, "at"))).isEqualTo("attach\n");
    assertThat(shell("bash", "-c", complete.formatted("up --de", 2, "up --de")))
        .isEqualTo("--detach\n");
  }

  @Test
  void zshLoadsTheBashScript() throws Exception {
    Path script = script("zsh");

    // compinit in a folder of the test's own, so no user's setup is read or written.
    String out =
        shell(
            "zsh",
            "-f",
            "-c",
            "ZDOTDIR="
                + temp
                + "; autoload -U compinit && compinit -u -d "
                + temp
                + "/zcompdump; source "
                + script
                + " && echo loaded");
    assertThat(out).endsWith("loaded\n");
  }

  @Test
  void fishCompletesCommandsAndOptions() throws Exception {
    Path script = script("fish");

    assertThat(
            candidates(
                shell("fish", "--no-config", "-c", "source " + script + "; complete -C 'devd at'")))
        .contains("attach");
    assertThat(
            candidates(
                shell(
                    "fish",
                    "--no-config",
                    "-c",
                    "source " + script + "; complete -C 'devd up --de'")))
        .containsExactly("--detach");
    assertThat(
            candidates(
                shell(
                    "fish",
                    "--no-config",
                    "-c",
                    "source " + script + "; complete -C 'devd dump '")))
        .containsExactly("image-deploy-ref", "input-digest");
  }

  // fish prints "candidate<TAB>description".
  private static List<String> candidates(String out) {
    List<String> names = new ArrayList<>();
    out.lines().forEach(line -> names.add(line.split("\t", 2)[0]));
    return names;
  }

  @Test
  void anUnknownShellSuggestsTheClosest() {
    CliTest.Run run = CliTest.run("completion", "fsh");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo("unknown shell \"fsh\"; did you mean \"fish\"?; known: bash, fish, zsh\n");
  }
}
