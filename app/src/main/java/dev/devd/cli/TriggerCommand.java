package dev.devd.cli;

import dev.devd.config.KeySuggester;
import dev.devd.status.ResourceStatus;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devd trigger RESOURCE}: asks the running devd up to update a resource now, as its page's
 * button does.
 */
@Command(
    name = "trigger",
    description =
        "Update a resource of the running devd up now, with whatever changes it has"
            + " waiting (for resources with triggerMode: manual, or to retry).")
public final class TriggerCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "0", paramLabel = "RESOURCE", description = "the image or resource to update")
  String resource;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, UsageException {
    PrintWriter out = spec.commandLine().getOut();
    StatusClient client = StatusCommand.connect(project.configFile());
    List<String> known = client.status().stream().map(ResourceStatus::name).toList();
    if (!known.contains(resource))
      throw new UsageException(KeySuggester.unknown("resource", resource, known));
    // A resource that left devd.yaml between the two requests is refused with 404, reported as a
    // usage mistake.
    client.trigger(resource);
    out.println(
        "triggered an update of " + resource + "; follow it with: devd logs " + resource + " -f");
    out.flush();
    return ExitCodes.OK;
  }
}
