package dev.devd.engine;

import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.render.ManifestException;
import dev.devd.status.PassKind;
import dev.devd.watch.ChangeRouter;
import dev.devd.watch.FileChange;
import dev.devd.watch.FileWatcher;
import dev.devd.yamlsource.SourceRenderer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One run of {@code devd up}: a loop per target (each deployed resource, each image built on its
 * own, each local resource), one file watcher over all their deps, and the routing of every change
 * to the loops it concerns, once each. An edit of devd.yaml or of the Kubernetes YAML is checked
 * first; a broken edit is reported and the running config stays; a good edit restarts only the
 * targets whose settings changed.
 */
public final class DevSession implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final SessionParts parts;
  private final TargetLoops loops;
  private final ResourceLog log = ResourceLog.devd();
  private final ResourceLoop reloadLoop;
  private final Instant started;
  private volatile ProjectModel model;
  private volatile ChangeRouter router;
  private volatile FileWatcher watcher;

  private DevSession(ProjectModel model, SessionParts parts) {
    this.parts = parts;
    this.model = model;
    this.started = parts.options().clock().instant();
    this.loops = new TargetLoops(parts);
    ProjectConfig config = model.config();
    LoopSettings reload =
        new LoopSettings(
            "devd.yaml",
            config.watch().debounce(),
            config.watch().maxWait(),
            true,
            false,
            config.root());
    this.reloadLoop =
        new ResourceLoop(
            reload,
            new LoopContext(new Semaphore(1), parts.options().clock(), parts.board()),
            new ReloadPass());
  }

  /**
   * How the first updates of a session went, once every target that updates at start has had its
   * first pass.
   *
   * @param failed the targets whose first update failed
   * @param took from the session's start to the end of the last first update
   */
  public record FirstUpdates(int targets, List<String> failed, Duration took) {
    public FirstUpdates {
      failed = List.copyOf(failed);
    }
  }

  /**
   * Starts watching and brings every target up to date; returns once the watcher reports changes.
   */
  public static DevSession start(ProjectModel model, SessionParts parts) throws IOException {
    DevSession session = new DevSession(model, parts);
    model.config().notes().forEach(note -> session.log.info("{}", note.format()));
    model.warnings().forEach(warning -> session.log.warn("warning: {}", warning));
    session.apply(model);
    session.reloadLoop.start(List.of());
    return session;
  }

  /**
   * Completes when every target that updates at start has had its first pass (a target that waits
   * for a trigger, or for a dependency that failed, holds it back until it runs).
   */
  public CompletableFuture<FirstUpdates> firstUpdates() {
    List<TargetLoops.Running> targets =
        loops.all().stream().filter(running -> running.target().loop().autoInit()).toList();
    List<CompletableFuture<PassResult>> outcomes =
        targets.stream().map(running -> running.loop().firstOutcome()).toList();
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<String> failed = new ArrayList<>();
              for (int i = 0; i < targets.size(); i++) {
                if (!outcomes.get(i).join().ok()) failed.add(targets.get(i).target().name());
              }
              return new FirstUpdates(
                  targets.size(),
                  failed,
                  Duration.between(started, parts.options().clock().instant()));
            });
  }

  public ProjectConfig config() {
    return model.config();
  }

  /** The loop of a target, for status and tests. */
  public Optional<ResourceLoop> loop(String name) {
    return loops.loop(name);
  }

  /** How many folders the watcher registered with the OS at its last start. */
  public int watchedFolders() {
    return watcher.registeredFolders();
  }

  private synchronized void apply(ProjectModel next) throws IOException {
    ChangeRouter nextRouter = ChangeRouter.of(next.config(), next.manifestFiles());
    loops.apply(next);
    model = next;
    router = nextRouter;
    FileWatcher previous = watcher;
    watcher = FileWatcher.start(nextRouter.plan(), this::route);
    if (previous != null) previous.close();
    // After the watcher is registered, so no change falls between the digests' scan and the
    // watcher; the loops'
    // builds wait for the digests of this config.
    parts.cache().update(next.config());
  }

  // Called on the watcher's thread: each loop the change concerns gets it once, with the images it
  // concerns.
  private void route(FileChange change) {
    ChangeRouter current = router;
    parts
        .cache()
        .changed(change.path()); // first: a build this change starts must see it in the digest
    long sequence = parts.changes().next();
    if (current.isConfigFile(change.path())) reloadLoop.changed(change, Set.of(), sequence);
    List<ChangeRouter.Watcher> watchers = current.watchersOf(change.path());
    if (watchers.isEmpty()) return;
    Map<ResourceLoop, Set<String>> concerned = new LinkedHashMap<>();
    for (TargetLoops.Running running : loops.all()) {
      for (ChangeRouter.Watcher watcher : watchers) {
        boolean mine =
            watcher.image()
                ? running.target().images().contains(watcher.name())
                : running.target().name().equals(watcher.name());
        if (!mine) continue;
        Set<String> images = concerned.computeIfAbsent(running.loop(), loop -> new HashSet<>());
        if (watcher.image()) images.add(watcher.name());
      }
    }
    concerned.forEach((loop, images) -> loop.changed(change, images, sequence));
  }

  /** Runs a target's pass now, with whatever changes it has pending; a build always runs. */
  public boolean trigger(String name) {
    Optional<ResourceLoop> loop = loop(name);
    loop.ifPresent(ResourceLoop::trigger);
    return loop.isPresent();
  }

  /** Stops or resumes updating a target while devd runs; false when there is no such target. */
  public boolean enable(String name, boolean enabled) {
    Optional<ResourceLoop> loop = loop(name);
    loop.ifPresent(l -> l.enable(enabled));
    return loop.isPresent();
  }

  private final class ReloadPass implements UpdatePass {
    @Override
    public PassResult run(PassReason reason, Consumer<PassKind> starts) {
      ProjectModel next;
      try {
        // The sources' commands run on the build runner, so that stopping devd stops a render under
        // way too.
        next =
            ProjectModel.load(
                new ConfigLoader().load(model.config().file()),
                new SourceRenderer(parts.buildRunner()));
      } catch (ConfigException e) {
        log.error(
            "{}",
            e.report().replace("nothing was started.", "the running config stays in effect."));
        return PassResult.failure(PassKind.NOTHING, e.getMessage());
      } catch (ManifestException e) {
        e.problems().forEach(problem -> log.error("{}", problem));
        log.error("the Kubernetes YAML has problems; the running config stays in effect");
        return PassResult.failure(PassKind.NOTHING, e.getMessage());
      }
      if (next.deploys() && parts.runtime().isEmpty()) {
        String problem =
            "devd.yaml now names Kubernetes YAML to deploy, and this devd up started without a runtime";
        log.error(
            "{}; stop devd and run devd up again to deploy it; the running config stays in effect",
            problem);
        return PassResult.failure(PassKind.NOTHING, problem);
      }
      try {
        next.warnings().forEach(warning -> log.warn("warning: {}", warning));
        apply(next);
        log.info("devd.yaml reloaded");
        return PassResult.success(PassKind.NOTHING);
      } catch (IOException e) {
        log.error(
            "cannot apply the new devd.yaml: {}; the running config stays in effect",
            e.getMessage());
        log.debug("reload failed", e);
        return PassResult.failure(PassKind.NOTHING, e.getMessage());
      }
    }
  }

  /**
   * Stops every command devd started (TERM, grace, KILL), then the loops, the observers and the
   * watcher.
   */
  @Override
  public void close() throws IOException {
    loops.close();
    try {
      reloadLoop.stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    parts.runtime().ifPresent(runtime -> runtime.close());
    if (watcher != null) watcher.close();
    parts.cache().close();
  }
}
