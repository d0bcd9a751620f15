package dev.devd.cli;

import dev.devd.config.DurationFormatter;
import dev.devd.engine.DevSession;

/**
 * The line {@code devd up} prints once every resource has had its first update: how many are up to
 * date, how fast.
 */
final class FirstUpdateSummary {
  private FirstUpdateSummary() {}

  /**
   * {@code 3 resources up to date in 4.2s}, or {@code 2 of 3 resources up to date in 4.2s; web
   * failed}.
   */
  static String of(DevSession.FirstUpdates first) {
    String took = DurationFormatter.format(first.took());
    int ok = first.targets() - first.failed().size();
    String resources = first.targets() == 1 ? "resource" : "resources";
    if (first.failed().isEmpty())
      return first.targets() + " " + resources + " up to date in " + took;
    return ok
        + " of "
        + first.targets()
        + " "
        + resources
        + " up to date in "
        + took
        + "; "
        + String.join(", ", first.failed())
        + " failed";
  }
}
