package dev.devd.liveupdate;

import dev.devd.config.Cmd;
import dev.devd.config.ImageConfig;
import dev.devd.config.LiveUpdateStep;
import dev.devd.liveupdate.UpdatePlan.FullUpdate;
import dev.devd.liveupdate.UpdatePlan.LiveUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides whether an image's changed files can be copied into its running containers (a live
 * update) or need a full build (SPEC §8), and if they can, what to copy, remove and run. Pure: it
 * reads only what it is given, and learns whether a file still exists through the {@code exists}
 * predicate.
 *
 * <p>A file under the {@code local} of several {@code sync} steps is copied to each of their
 * remotes, as each step says on its own where the files under its folder go.
 */
public final class SyncPlanner {
  // The reason names at most this many files; a branch switch can change thousands.
  private static final int FILES_NAMED = 3;

  /**
   * The plan for one batch of changes.
   *
   * @param image the image whose deps changed; its {@code liveUpdate} steps decide
   * @param changedPaths absolute paths that changed (created, modified or deleted)
   * @param containers the containers that run this image (the engine picks them by the ref it
   *     deployed)
   * @param exists whether a path exists locally now ({@code Files::exists}); a path that does not
   *     was deleted
   */
  public UpdatePlan plan(
      ImageConfig image,
      List<Path> changedPaths,
      List<ContainerRef> containers,
      Predicate<Path> exists) {
    Objects.requireNonNull(exists, "exists");
    if (changedPaths.isEmpty())
      throw new IllegalArgumentException("a plan needs at least one changed path");
    Steps steps = Steps.of(image);
    if (image.liveUpdate().isEmpty()) {
      return new FullUpdate("\"" + image.ref() + "\" has no liveUpdate steps");
    }
    List<Path> changed =
        changedPaths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();

    for (Path path : changed) {
      Optional<Path> fallBack = steps.fallBackOn().stream().filter(path::startsWith).findFirst();
      if (fallBack.isPresent()) {
        String shown = show(image, path);
        return new FullUpdate(
            fallBack.get().equals(path)
                ? shown + " changed, and fallBackOn lists it"
                : shown
                    + " changed, which is under fallBackOn path "
                    + show(image, fallBack.get()));
      }
    }

    List<Path> uncovered =
        changed.stream()
            .filter(path -> steps.syncs().stream().noneMatch(sync -> path.startsWith(sync.local())))
            .toList();
    if (!uncovered.isEmpty()) {
      String locals =
          steps.syncs().stream()
              .map(sync -> show(image, sync.local()))
              .collect(Collectors.joining(", "));
      return new FullUpdate(
          listed(image, uncovered)
              + " changed, which no sync step covers"
              + (locals.isEmpty() ? "" : " (sync local: " + locals + ")"));
    }

    Optional<FullUpdate> containerProblem = containerProblem(image, containers);
    if (containerProblem.isPresent()) return containerProblem.get();

    Set<FileCopy> copies = new LinkedHashSet<>();
    Set<String> deletions = new LinkedHashSet<>();
    for (Path path : changed) {
      boolean present = exists.test(path);
      for (LiveUpdateStep.Sync sync : steps.syncs()) {
        if (!path.startsWith(sync.local())) continue;
        String remote = remotePath(sync.local(), sync.remote(), path);
        if (present) copies.add(new FileCopy(path, remote));
        else deletions.add(remote);
      }
    }
    List<Cmd> runs =
        steps.runs().stream()
            .filter(
                run ->
                    run.triggers().isEmpty()
                        || changed.stream()
                            .anyMatch(path -> run.triggers().stream().anyMatch(path::startsWith)))
            .map(LiveUpdateStep.Run::cmd)
            .toList();
    return new LiveUpdate(
        new SyncPlan(List.copyOf(copies), List.copyOf(deletions), runs, steps.restart()));
  }

  /**
   * Everything under the image's sync paths, for the {@code initialSync} step and for a container
   * that restarted and lost what was copied into it: every {@code run} step runs (the container's
   * files now differ from the image's, so every trigger counts as changed), and the container (or
   * its process) restarts if a restart step says so.
   */
  public SyncPlan initialSync(ImageConfig image) {
    Steps steps = Steps.of(image);
    List<FileCopy> copies =
        steps.syncs().stream()
            .map(
                sync ->
                    new FileCopy(
                        sync.local(), remotePath(sync.local(), sync.remote(), sync.local())))
            .distinct()
            .toList();
    List<Cmd> runs = steps.runs().stream().map(LiveUpdateStep.Run::cmd).toList();
    return new SyncPlan(copies, List.of(), runs, steps.restart());
  }

  /**
   * Where {@code path}, under {@code local}, goes inside the container: {@code remote} plus its
   * relative path.
   */
  static String remotePath(Path local, String remote, Path path) {
    String base = remote;
    while (base.length() > 1 && base.endsWith("/")) base = base.substring(0, base.length() - 1);
    StringBuilder result = new StringBuilder(base);
    for (Path part : local.relativize(path)) {
      String name = part.toString();
      if (name.isEmpty()) continue; // relativize of a path to itself gives one empty name
      if (result.charAt(result.length() - 1) != '/') result.append('/');
      result.append(name);
    }
    return result.toString();
  }

  private static Optional<FullUpdate> containerProblem(
      ImageConfig image, List<ContainerRef> containers) {
    String name = "\"" + image.ref() + "\"";
    if (containers.isEmpty())
      return Optional.of(new FullUpdate("no container runs " + name + " yet"));
    Optional<ContainerRef> looping =
        containers.stream().filter(ContainerRef::crashLooping).findFirst();
    if (looping.isPresent()) {
      return Optional.of(new FullUpdate(looping.get().displayName() + " is crash-looping"));
    }
    if (containers.stream().noneMatch(ContainerRef::running)) {
      String stopped =
          containers.stream()
              .map(ContainerRef::displayName)
              .limit(FILES_NAMED)
              .collect(Collectors.joining(", "));
      return Optional.of(
          new FullUpdate(
              "no container of "
                  + name
                  + " is running ("
                  + stopped
                  + " "
                  + (containers.size() == 1 ? "is" : "are")
                  + " not running)"));
    }
    return Optional.empty();
  }

  /**
   * A path as the user wrote it: relative to the image's folder when it is inside it, with {@code
   * /} separators.
   */
  private static String show(ImageConfig image, Path path) {
    if (path.startsWith(image.dir()) && !path.equals(image.dir())) {
      List<String> names = new ArrayList<>();
      for (Path part : image.dir().relativize(path)) names.add(part.toString());
      return String.join("/", names);
    }
    return path.toString();
  }

  private static String listed(ImageConfig image, List<Path> paths) {
    String named =
        paths.stream()
            .limit(FILES_NAMED)
            .map(p -> show(image, p))
            .collect(Collectors.joining(", "));
    return paths.size() > FILES_NAMED
        ? named + " and " + (paths.size() - FILES_NAMED) + " more"
        : named;
  }

  /** An image's live update steps, sorted by kind. */
  private record Steps(
      List<LiveUpdateStep.Sync> syncs,
      List<Path> fallBackOn,
      List<LiveUpdateStep.Run> runs,
      SyncPlan.Restart restart) {
    static Steps of(ImageConfig image) {
      List<LiveUpdateStep.Sync> syncs = new ArrayList<>();
      List<Path> fallBackOn = new ArrayList<>();
      List<LiveUpdateStep.Run> runs = new ArrayList<>();
      SyncPlan.Restart restart = SyncPlan.Restart.NONE;
      for (LiveUpdateStep step : image.liveUpdate()) {
        switch (step) {
          case LiveUpdateStep.Sync sync -> syncs.add(sync);
          case LiveUpdateStep.FallBackOn fallBack -> fallBackOn.addAll(fallBack.paths());
          case LiveUpdateStep.Run run -> runs.add(run);
          case LiveUpdateStep.RestartContainer ignored -> restart = SyncPlan.Restart.CONTAINER;
          case LiveUpdateStep.RestartProcess ignored -> restart = SyncPlan.Restart.PROCESS;
          case LiveUpdateStep.InitialSync
                  ignored -> {} // the engine asks for initialSync(image) itself
        }
      }
      return new Steps(syncs, fallBackOn, runs, restart);
    }
  }
}
