package dev.devd.cli;

import dev.devd.config.KeySuggester;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd completion bash|zsh|fish}: a script that completes devd's commands and options in
 * that shell.
 */
@Command(
    name = "completion",
    description = "Print a script that completes devd's commands and options in your shell.",
    footerHeading = "%nTo use it:%n",
    footer = {
      "  bash:  add  source <(devd completion bash)  to ~/.bashrc",
      "  zsh:   add  source <(devd completion zsh)  to ~/.zshrc",
      "  fish:  devd completion fish > ~/.config/fish/completions/devd.fish"
    })
public final class CompletionCommand implements Callable<Integer> {
  static final List<String> SHELLS = List.of("bash", "zsh", "fish");

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish")
  String shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UsageException {
    CommandLine devd = spec.root().commandLine();
    String script =
        switch (shell) {
          // picocli's bash script also runs in zsh: it loads zsh's bashcompinit itself.
          case "bash", "zsh" -> AutoComplete.bash(devd.getCommandName(), devd);
          case "fish" -> FishCompletion.script(devd);
          default -> throw new UsageException(KeySuggester.unknown("shell", shell, SHELLS));
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
