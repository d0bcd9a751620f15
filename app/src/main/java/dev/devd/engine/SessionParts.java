package dev.devd.engine;

import dev.devd.buildcache.BuildCache;
import dev.devd.exec.ProcessRunner;
import dev.devd.runtime.DeployTarget;
import dev.devd.status.StatusBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What a session of {@code devd up} or {@code devd ci} is made of, built in one place (the wiring)
 * from the project and the command's options.
 *
 * @param runtime where resources run; empty when the project deploys nothing (no Kubernetes YAML)
 * @param board where every target's state is published
 * @param buildRunner the runner of every image build command, so that stopping devd stops them all
 * @param builds the session's image builds, shared by its targets
 * @param changes numbers the session's file changes for {@code builds}
 * @param cache the build cache {@code builds} use; the session gives it every change and config
 */
public record SessionParts(
    Optional<DeployTarget> runtime,
    StatusBoard board,
    ProcessRunner buildRunner,
    ImageBuilds builds,
    ChangeSequence changes,
    BuildCache cache,
    Options options) {

  /**
   * How a session runs.
   *
   * @param only the targets to run (empty: all)
   * @param gracePeriod how long a stopped command has between SIGTERM and SIGKILL
   * @param windows whether commands run as Windows commands ({@code commandBat}, {@code cmd /c})
   * @param useCache whether a build may be skipped when its inputs were built before (false: {@code
   *     --no-cache})
   */
  public record Options(
      Set<String> only, Duration gracePeriod, boolean windows, Clock clock, boolean useCache) {
    public Options {
      only = Set.copyOf(only);
    }

    public static Options defaults() {
      return new Options(
          Set.of(),
          Duration.ofSeconds(3),
          System.getProperty("os.name", "").startsWith("Windows"),
          Clock.systemDefaultZone(),
          true);
    }

    public Options only(Set<String> names) {
      return new Options(names, gracePeriod, windows, clock, useCache);
    }

    public Options useCache(boolean use) {
      return new Options(only, gracePeriod, windows, clock, use);
    }

    boolean wants(String name) {
      return only.isEmpty() || only.contains(name);
    }
  }
}
