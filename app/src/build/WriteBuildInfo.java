import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A build step, run by Maven: writes what {@code devd version} prints to the properties file devd
 * reads ({@code dev.devd.cli.BuildInfo}): the version from the pom, the git commit of the checkout
 * (12 hex, and whether it had uncommitted changes) and the build time. Outside a git checkout, or
 * without git, the commit is "unknown".
 *
 * <p>Why not a Maven plugin: git-commit-id-maven-plugin reads the main checkout's HEAD in a git
 * worktree (its issue 882), and devd's developers each work in a worktree. Asking git itself in the
 * project's folder gets it right.
 *
 * <p>Usage: {@code java WriteBuildInfo.java FILE VERSION PROJECT_DIR}.
 */
public final class WriteBuildInfo {
  public static void main(String[] args) throws IOException, InterruptedException {
    Path file = Path.of(args[0]);
    String version = args[1];
    Path project = Path.of(args[2]);
    String commit = git(project, "rev-parse", "--short=12", "HEAD");
    String dirty =
        commit.equals("unknown")
            ? "false"
            : String.valueOf(
                !git(project, "status", "--porcelain", "--untracked-files=no").isEmpty());
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.join(
            "\n",
            "# Written by app/src/build/WriteBuildInfo.java when devd is built; read by devd version.",
            "version=" + version,
            "commit=" + commit,
            "dirty=" + dirty,
            "date=" + Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ""));
  }

  // What git printed, or "unknown" when it is missing, fails (not a checkout) or hangs.
  private static String git(Path project, String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", project.toString()));
    command.addAll(List.of(args));
    try {
      Process git =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) return "unknown";
      return out;
    } catch (IOException noGit) {
      return "unknown";
    }
  }
}
