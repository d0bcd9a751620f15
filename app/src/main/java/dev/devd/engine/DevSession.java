package dev.devd.engine;

import dev.devd.build.BuildTags;
import dev.devd.build.ImageBuilder;
import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.watch.FileChange;
import dev.devd.watch.FileWatcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * One run of {@code devd up}: a loop per target, one file watcher over all their deps, and the routing of every
 * change to the loops it concerns. An edit of devd.yaml is checked first; a broken edit is reported and the running
 * config stays; a good edit restarts only the targets whose settings changed.
 */
public final class DevSession implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** How a session runs: which targets to start (empty: all), and the process runner for build commands. */
  public record Options(Set<String> only, Duration gracePeriod, boolean windows, Clock clock) {
    public static Options defaults() {
      return new Options(Set.of(), Duration.ofSeconds(3), System.getProperty("os.name", "").startsWith("Windows"), Clock.systemUTC());
    }
  }

  private record Target(Object settings, ResourceLoop loop, ProcessRunner runner) {}

  private final Options options;
  private final ResourceLog log = ResourceLog.devd();
  private final ProcessRunner buildRunner;
  private final BuildTags tags;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final ResourceLoop reloadLoop;
  private volatile ProjectConfig config;
  private volatile ChangeRouter router;
  private final ImageBuilds builds;
  private volatile FileWatcher watcher;
  private Semaphore parallelUpdates;

  private DevSession(ProjectConfig config, Options options) {
    this.options = options;
    this.config = config;
    this.buildRunner = new ProcessRunner(options.gracePeriod());
    this.tags = new BuildTags(options.clock());
    this.builds = new ImageBuilds(new ImageBuilder(buildRunner, options.windows()), tags, (built, log) -> built.expectedRef());
    this.reloadLoop = new ResourceLoop("devd.yaml", new ReloadPass(), config.watch().debounce(), config.watch().maxWait(),
        new Semaphore(1), options.clock(), true, config.root());
  }

  /** Starts watching and brings every target up to date; returns once the watcher reports changes. */
  public static DevSession start(ProjectConfig config, Options options) throws IOException {
    DevSession session = new DevSession(config, options);
    session.apply(config);
    session.reloadLoop.start(false);
    return session;
  }

  public ProjectConfig config() {
    return config;
  }

  /** The loop of a target, for status and tests. */
  public Optional<ResourceLoop> loop(String name) {
    synchronized (targets) {
      return Optional.ofNullable(targets.get(name)).map(Target::loop);
    }
  }

  /** How many folders the watcher registered with the OS at its last start. */
  public int watchedFolders() {
    return watcher.registeredFolders();
  }

  private void apply(ProjectConfig next) throws IOException {
    ChangeRouter nextRouter = ChangeRouter.of(next);
    synchronized (targets) {
      if (parallelUpdates == null || config.maxParallelUpdates() != next.maxParallelUpdates()) {
        parallelUpdates = new Semaphore(next.maxParallelUpdates());
      }
      builds.update(next.images(), next.defaultRegistry());
      Map<String, Supplier<Target>> wanted = wantedTargets(next);
      for (var entry : List.copyOf(targets.entrySet())) {
        Supplier<Target> replacement = wanted.get(entry.getKey());
        if (replacement == null || !entry.getValue().settings().equals(settingsOf(next, entry.getKey()))) {
          stopTarget(entry.getValue());
          targets.remove(entry.getKey());
        }
      }
      config = next;
      router = nextRouter;
      FileWatcher previous = watcher;
      watcher = FileWatcher.start(nextRouter.plan(), new FileWatcher.Listener() {
        @Override
        public void changed(FileChange change) {
          route(change);
        }
      });
      if (previous != null) previous.close();
      for (var entry : wanted.entrySet()) {
        if (targets.containsKey(entry.getKey())) continue;
        Target target = entry.getValue().get();
        targets.put(entry.getKey(), target);
        target.loop().start(true);
      }
    }
  }

  private Map<String, Supplier<Target>> wantedTargets(ProjectConfig next) {
    Map<String, Supplier<Target>> wanted = new LinkedHashMap<>();
    for (ImageConfig image : next.images()) {
      if (!options.only().isEmpty() && !options.only().contains(image.ref())) continue;
      wanted.put(image.ref(), () -> {
        ResourceLog targetLog = new ResourceLog(image.ref());
        return new Target(settingsOf(next, image.ref()), loopFor(next, image.ref(), new ImageOnlyPass(image.ref(), builds, targetLog)), null);
      });
    }
    for (LocalResourceConfig local : next.localResources()) {
      if (!options.only().isEmpty() && !options.only().contains(local.name())) continue;
      wanted.put(local.name(), () -> {
        ProcessRunner runner = new ProcessRunner(options.gracePeriod());
        ResourceLog targetLog = new ResourceLog(local.name());
        return new Target(settingsOf(next, local.name()),
            loopFor(next, local.name(), new LocalResourcePass(local, runner, options.windows(), targetLog)), runner);
      });
    }
    return wanted;
  }

  private static Object settingsOf(ProjectConfig config, String name) {
    Optional<ImageConfig> image = config.image(name);
    if (image.isPresent()) {
      return List.of(Settings.of(config.watch()), config.defaultRegistry(), Settings.of(chain(config, image.get())));
    }
    return List.of(Settings.of(config.watch()), config.localResources().stream().filter(l -> l.name().equals(name))
        .map(Settings::of).toList());
  }

  private static List<ImageConfig> chain(ProjectConfig config, ImageConfig image) {
    Map<String, ImageConfig> ordered = new LinkedHashMap<>();
    addChain(config, image, ordered);
    return List.copyOf(ordered.values());
  }

  private static void addChain(ProjectConfig config, ImageConfig image, Map<String, ImageConfig> ordered) {
    for (String dep : image.imageDeps()) config.image(dep).ifPresent(d -> addChain(config, d, ordered));
    ordered.putIfAbsent(image.ref(), image);
  }

  private ResourceLoop loopFor(ProjectConfig next, String name, UpdatePass pass) {
    boolean auto = next.resources().getOrDefault(name, dev.devd.config.ResourceOptions.DEFAULTS).triggerMode()
        == dev.devd.config.ResourceOptions.TriggerMode.AUTO;
    return new ResourceLoop(name, pass, next.watch().debounce(), next.watch().maxWait(), parallelUpdates,
        options.clock(), auto, next.root());
  }

  private void route(FileChange change) {
    ChangeRouter current = router;
    if (current.isConfigFile(change.path())) {
      reloadLoop.changed(change);
    }
    for (ChangeRouter.Watcher watcher : current.watchersOf(change.path())) {
      if (watcher.image()) {
        builds.changed(watcher.name());
        for (String dependent : dependentsOf(watcher.name())) notify(dependent, change);
      } else {
        notify(watcher.name(), change);
      }
    }
  }

  // The image itself and every image that depends on it, directly or not.
  private List<String> dependentsOf(String imageRef) {
    return config.images().stream()
        .filter(image -> chain(config, image).stream().anyMatch(i -> i.ref().equals(imageRef)))
        .map(ImageConfig::ref).toList();
  }

  private void notify(String targetName, FileChange change) {
    Target target;
    synchronized (targets) {
      target = targets.get(targetName);
    }
    if (target != null) target.loop().changed(change);
  }

  /** Runs a target's pass now, with whatever changes it has pending. */
  public boolean trigger(String name) {
    Optional<ResourceLoop> loop = loop(name);
    loop.ifPresent(ResourceLoop::trigger);
    return loop.isPresent();
  }

  private final class ReloadPass implements UpdatePass {
    @Override
    public boolean run(PassReason reason) {
      ProjectConfig next;
      try {
        next = new ConfigLoader().load(config.file());
      } catch (ConfigException e) {
        log.error("{}", e.report().replace("nothing was started.", "the running config stays in effect."));
        return false;
      }
      try {
        apply(next);
        log.info("devd.yaml reloaded");
        return true;
      } catch (IOException e) {
        log.error("cannot apply the new devd.yaml: {}; the running config stays in effect", e.getMessage());
        log.debug("reload failed", e);
        return false;
      }
    }
  }

  private void stopTarget(Target target) {
    try {
      if (target.runner() != null) target.runner().stopAll();
      target.loop().stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every command devd started (TERM, grace, KILL), then the loops and the watcher. */
  @Override
  public void close() throws IOException {
    buildRunner.stopAll();
    synchronized (targets) {
      for (Target target : targets.values()) {
        if (target.runner() != null) target.runner().stopAll();
      }
      for (Target target : targets.values()) stopTarget(target);
      targets.clear();
    }
    try {
      reloadLoop.stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (watcher != null) watcher.close();
  }
}
