package dev.devd.cli;

import dev.devd.config.KeySuggester;
import dev.devd.status.ResourceStatus;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd enable NAME...} and {@code devd disable NAME...}: resume or stop watching and
 * updating resources of the running devd, as the page's buttons do. Every name is checked before
 * any is switched.
 */
public abstract class EnableCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(arity = "1..*", paramLabel = "RESOURCE", description = "the resources to switch")
  List<String> resources = new ArrayList<>();

  @Spec CommandSpec spec;

  private final boolean enabled;

  EnableCommand(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public Integer call() throws IOException, UsageException {
    PrintWriter out = spec.commandLine().getOut();
    StatusClient client = StatusCommand.connect(project.configFile());
    List<String> known = client.status().stream().map(ResourceStatus::name).toList();
    for (String resource : resources) {
      if (!known.contains(resource))
        throw new UsageException(KeySuggester.unknown("resource", resource, known));
    }
    for (String resource : resources) {
      client.enable(resource, enabled);
      out.println(
          enabled
              ? "enabled " + resource + "; it updates now and after each save"
              : "disabled "
                  + resource
                  + "; saves are ignored until `devd enable "
                  + resource
                  + "`");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code devd enable}. */
  @Command(
      name = "enable",
      description =
          "Resume watching and updating resources of the running devd; each updates at once.")
  public static final class On extends EnableCommand {
    public On() {
      super(true);
    }
  }

  /** {@code devd disable}. */
  @Command(
      name = "disable",
      description =
          "Stop watching and updating resources of the running devd until enabled again"
              + " (a local resource's serveCmd stops; what is deployed keeps running).")
  public static final class Off extends EnableCommand {
    public Off() {
      super(false);
    }
  }
}
