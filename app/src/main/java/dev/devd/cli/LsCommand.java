package dev.devd.cli;

import dev.devd.config.DurationFormatter;
import dev.devd.status.ResourceStatus;
import dev.devd.status.SessionFile;
import dev.devd.status.SessionRegistry;
import dev.devd.status.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code devd ls [--json]}: every devd this user runs on this machine, with its page, uptime and
 * resources.
 */
@Command(
    name = "ls",
    description =
        "List every devd you run on this machine: project folder, pid, page, uptime,"
            + " and each resource's state.")
public final class LsCommand implements Callable<Integer> {
  @Option(names = "--json", description = "print a JSON array instead of a table")
  boolean json;

  @Spec CommandSpec spec;

  /** For the uptime; tests may set another. */
  Clock clock = Clock.systemUTC();

  /**
   * One running devd as ls shows it.
   *
   * @param state {@code starting}, {@code watching}, or {@code not answering} (its page did not
   *     answer)
   * @param resources each resource's state in one word, as {@code devd status} shows it; empty
   *     unless watching
   */
  record Listed(
      String project,
      long pid,
      String url,
      int port,
      Optional<Instant> started,
      String state,
      Map<String, String> resources) {}

  @Override
  public Integer call() throws IOException {
    List<Listed> listed = new ArrayList<>();
    for (SessionRegistry.Running running : SessionRegistry.ofThisUser().running())
      listed.add(listed(running));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(listed, clock.instant()));
    } else {
      for (String line : table(listed, clock.instant())) out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Listed listed(SessionRegistry.Running running) {
    SessionFile session = running.session();
    Map<String, String> resources = new LinkedHashMap<>();
    String state = session.watching() ? "watching" : "starting";
    if (session.watching()) {
      try {
        for (ResourceStatus status : StatusClient.of(running.entry().project(), session).status()) {
          resources.put(status.name(), status.state().shown());
        }
      } catch (IOException e) {
        state = "not answering";
      }
    }
    return new Listed(
        running.entry().project().toString(),
        session.pid(),
        session.url().toString(),
        session.port(),
        session.started(),
        state,
        resources);
  }

  static List<String> table(List<Listed> listed, Instant now) {
    if (listed.isEmpty())
      return List.of("no devd is running for you on this machine; start one with devd up --detach");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PROJECT", "PID", "PAGE", "UPTIME", "RESOURCES"});
    for (Listed devd : listed) {
      List<String> states = new ArrayList<>();
      devd.resources().forEach((name, state) -> states.add(name + ":" + state));
      rows.add(
          new String[] {
            devd.project(),
            Long.toString(devd.pid()),
            devd.url(),
            uptime(devd, now).map(LsCommand::shown).orElse("?"),
            !devd.state().equals("watching")
                ? "(" + devd.state() + ")"
                : states.isEmpty() ? "-" : String.join(" ", states)
          });
    }
    return TextTable.lines(rows);
  }

  private static String shown(Duration uptime) {
    return uptime.isZero() ? "0s" : DurationFormatter.format(uptime);
  }

  // Whole seconds: "3m12s", not "3m11.8s".
  private static Optional<Duration> uptime(Listed devd, Instant now) {
    return devd.started()
        .map(started -> Duration.ofSeconds(Duration.between(started, now).toSeconds()));
  }

  static String toJson(List<Listed> listed, Instant now) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Listed devd : listed) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("project", devd.project());
      entry.put("pid", devd.pid());
      entry.put("url", devd.url());
      entry.put("port", devd.port());
      entry.put("started", devd.started().map(Instant::toString).orElse(null));
      entry.put("uptimeSeconds", uptime(devd, now).map(Duration::toSeconds).orElse(null));
      entry.put("state", devd.state());
      entry.put("resources", devd.resources());
      entries.add(entry);
    }
    return JsonMapper.builder().build().writeValueAsString(entries);
  }
}
