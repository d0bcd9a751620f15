package dev.devd.cli;

import dev.devd.config.DurationFormatter;
import dev.devd.status.PassKind;
import dev.devd.status.ResourceStatus;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devd status [--json]}: the resources of the running devd up, with state, last update and
 * deployed ref or error.
 */
@Command(
    name = "status",
    description =
        "Show what the running devd up is doing: each resource's state, last update,"
            + " and deployed ref or error.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--json", description = "print the status API's JSON instead of a table")
  boolean json;

  @Spec CommandSpec spec;

  /** For "12s ago"; tests set the clock the board used. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    StatusClient client = connect(project.configFile());
    if (json) {
      out.println(client.statusJson());
    } else {
      for (String line : table(client.status(), clock.instant())) out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The client for the devd up of the project whose devd.yaml is {@code configFile}. */
  static StatusClient connect(Path configFile) throws IOException {
    Path root = configFile.getParent();
    // The same folder as ProjectConfig.stateDir(); devd.yaml is not loaded, so a broken edit does
    // not hide the status.
    return StatusClient.connect(root, root.resolve(".devd"));
  }

  static List<String> table(List<ResourceStatus> resources, Instant now) {
    if (resources.isEmpty()) return List.of("devd up has no resources");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RESOURCE", "STATE", "LAST UPDATE", "DEPLOYED / ERROR"});
    for (ResourceStatus status : resources) {
      rows.add(new String[] {name(status), state(status), lastUpdate(status, now), result(status)});
    }
    return TextTable.lines(rows);
  }

  private static String name(ResourceStatus status) {
    return status.labels().isEmpty()
        ? status.name()
        : status.name() + " [" + String.join(", ", status.labels()) + "]";
  }

  private static String state(ResourceStatus status) {
    int pending = status.pendingChanges();
    if (pending == 0) return status.state().shown();
    return status.state().shown() + " (" + Counting.of(pending, "change", "changes") + " waiting)";
  }

  private static String lastUpdate(ResourceStatus status, Instant now) {
    return status
        .lastPass()
        .map(
            last ->
                ago(last.finishedAt(), now)
                    + ", took "
                    + DurationFormatter.format(last.duration())
                    + (last.kind() == PassKind.CACHED ? " (cached)" : ""))
        .orElse("never");
  }

  private static String ago(Instant then, Instant now) {
    Duration since = Duration.between(then, now);
    if (since.compareTo(Duration.ofSeconds(1)) < 0) return "just now";
    return DurationFormatter.format(Duration.ofSeconds(since.toSeconds())) + " ago";
  }

  private static String result(ResourceStatus status) {
    if (status.lastPass().isPresent() && !status.lastPass().get().ok()) {
      String error =
          status.lastPass().get().error().orElse("failed").lines().findFirst().orElse("failed");
      return "error: "
          + error
          + status.deployedRef().map(ref -> " (still running " + ref + ")").orElse("");
    }
    return status.deployedRef().orElse("-");
  }
}
