package dev.devd.engine;

import dev.devd.runtime.DeployException;
import dev.devd.runtime.Deployer;
import dev.devd.watch.ChangeRouter;
import dev.devd.custombuild.BuildFailedException;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.BuiltImage;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStores;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryTarget;
import dev.devd.custombuild.TagResolver;
import dev.devd.render.ManifestException;
import dev.devd.status.StatusBoard;
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
import java.util.function.Consumer;

/**
 * One run of {@code devd up}: a loop per target (each deployed resource, each image built on its own, each local
 * resource), one file watcher over all their deps, and the routing of every change to the loops it concerns. An edit
 * of devd.yaml or of the Kubernetes YAML is checked first; a broken edit is reported and the running config stays; a
 * good edit restarts only the targets whose settings changed.
 */
public final class DevSession implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** How a session runs: which targets to start (empty: all), the grace period of stopped commands, the platform. */
  public record Options(Set<String> only, Duration gracePeriod, boolean windows, Clock clock) {
    public static Options defaults() {
      return new Options(Set.of(), Duration.ofSeconds(3), System.getProperty("os.name", "").startsWith("Windows"), Clock.systemUTC());
    }

    public Options only(Set<String> names) {
      return new Options(Set.copyOf(names), gracePeriod, windows, clock);
    }
  }

  private record Running(Targets.Target target, ResourceLoop loop) {}

  private final Options options;
  private final StatusBoard board;
  private final Optional<Deployer> deployer;
  private final ResourceLog log = ResourceLog.devd();
  private final ProcessRunner buildRunner;
  private final ImageBuilds builds;
  private final ImageBuilds.RefSettler settler;
  private final Map<String, Running> targets = new LinkedHashMap<>();
  private final ResourceLoop reloadLoop;
  private volatile ProjectModel model;
  private volatile ChangeRouter router;
  private volatile RegistryTarget registry;
  private volatile FileWatcher watcher;
  private Semaphore parallelUpdates;

  private DevSession(ProjectModel model, Options options, Optional<Deployer> deployer, StatusBoard board) {
    this.options = options;
    this.board = board;
    this.model = model;
    this.deployer = deployer;
    this.buildRunner = new ProcessRunner(options.gracePeriod());
    this.builds = new ImageBuilds(new ImageBuilder(buildRunner, options.windows()), new BuildTags(options.clock()));
    this.registry = registryOf(model.config());
    this.settler = settlerFor(model, deployer, buildRunner, registry);
    ProjectConfig config = model.config();
    this.reloadLoop = new ResourceLoop("devd.yaml", new ReloadPass(), config.watch().debounce(), config.watch().maxWait(),
        new Semaphore(1), options.clock(), true, config.root(), board);
  }

  /**
   * Starts watching and brings every target up to date; returns once the watcher reports changes.
   *
   * @param deployer where resources run; empty when the project deploys nothing (no Kubernetes YAML)
   * @param board where every target's state is published
   */
  public static DevSession start(ProjectModel model, Options options, Optional<Deployer> deployer, StatusBoard board)
      throws IOException {
    DevSession session = new DevSession(model, options, deployer, board);
    model.warnings().forEach(warning -> session.log.warn("warning: {}", warning));
    session.apply(model);
    session.reloadLoop.start(false);
    return session;
  }

  private RegistryTarget registryOf(ProjectConfig config) {
    return RegistryTarget.of(config.defaultRegistry(), deployer.flatMap(Deployer::clusterRegistry));
  }

  /** How built images become deployed refs: tags settled by the TagResolver when something is deployed. */
  static ImageBuilds.RefSettler settlerFor(ProjectModel model, Optional<Deployer> deployer, ProcessRunner runner,
      RegistryTarget registry) {
    if (deployer.isEmpty() || !model.deploys()) return ImageBuilds.RefSettler.BUILD_ONLY;
    TagResolver resolver = new TagResolver(ImageStores.detect(runner), new RegistryClient(runner), deployer.get().pushPolicy(registry));
    return new ImageBuilds.RefSettler() {
      @Override
      public ImageRef settle(BuiltImage built, ResourceLog log, Consumer<String> startStep) throws BuildFailedException {
        return resolver.settle(built, log, startStep);
      }

      @Override
      public boolean pushes(ImageConfig image) {
        return resolver.pushes(image);
      }
    };
  }

  public ProjectConfig config() {
    return model.config();
  }

  /** The loop of a target, for status and tests. */
  public Optional<ResourceLoop> loop(String name) {
    synchronized (targets) {
      return Optional.ofNullable(targets.get(name)).map(Running::loop);
    }
  }

  /** How many folders the watcher registered with the OS at its last start. */
  public int watchedFolders() {
    return watcher.registeredFolders();
  }

  private void apply(ProjectModel next) throws IOException {
    ProjectConfig config = next.config();
    ChangeRouter nextRouter = ChangeRouter.of(config, next.manifestFiles());
    synchronized (targets) {
      if (parallelUpdates == null || model.config().maxParallelUpdates() != config.maxParallelUpdates()) {
        parallelUpdates = new Semaphore(config.maxParallelUpdates());
      }
      registry = registryOf(config);
      builds.update(config.images(), registry, next.deploys() ? settler : ImageBuilds.RefSettler.BUILD_ONLY);
      Map<String, Targets.Target> wanted = new LinkedHashMap<>();
      for (Targets.Target target : Targets.of(next, builds, deployer, registry, options, this::wanted,
          name -> loop(name).ifPresent(ResourceLoop::recheck))) wanted.put(target.name(), target);
      for (var entry : List.copyOf(targets.entrySet())) {
        Targets.Target replacement = wanted.get(entry.getKey());
        if (replacement == null || !entry.getValue().target().settings().equals(replacement.settings())) {
          stopTarget(entry.getValue());
          targets.remove(entry.getKey());
          if (replacement == null) {
            board.remove(entry.getKey());
            removeDeployed(entry.getValue().target());
          }
        }
      }
      model = next;
      router = nextRouter;
      FileWatcher previous = watcher;
      watcher = FileWatcher.start(nextRouter.plan(), this::route);
      if (previous != null) previous.close();
      List<Running> started = new java.util.ArrayList<>();
      for (Targets.Target target : wanted.values()) {
        if (targets.containsKey(target.name())) continue;
        ResourceLoop loop = new ResourceLoop(target.name(), target.pass(), config.watch().debounce(), config.watch().maxWait(),
            parallelUpdates, options.clock(), target.autoTrigger(), config.root(), board);
        board.register(target.name(), target.kind(), target.autoTrigger() ? "auto" : "manual",
            config.resources().getOrDefault(target.name(), ResourceOptions.DEFAULTS).labels());
        Running running = new Running(target, loop);
        targets.put(target.name(), running);
        started.add(running);
      }
      ResourceOrder order = ResourceOrder.of(config, targets.keySet());
      order.warnings().forEach(warning -> log.warn("warning: {}", warning));
      for (Running running : started) {
        List<ResourceLoop> after = order.dependencies(running.target().name()).stream().map(targets::get).map(Running::loop).toList();
        running.loop().start(true, after);
      }
    }
  }

  private boolean wanted(String name) {
    return options.only().isEmpty() || options.only().contains(name);
  }

  private void route(FileChange change) {
    ChangeRouter current = router;
    if (current.isConfigFile(change.path())) reloadLoop.changed(change);
    for (ChangeRouter.Watcher watcher : current.watchersOf(change.path())) {
      if (watcher.image()) {
        builds.changed(watcher.name());
        notifyTargetsUsing(watcher.name(), change);
      } else {
        notify(watcher.name(), change);
      }
    }
  }

  private void notifyTargetsUsing(String imageRef, FileChange change) {
    List<Running> using;
    synchronized (targets) {
      using = targets.values().stream().filter(running -> running.target().images().contains(imageRef)).toList();
    }
    for (Running running : using) running.loop().changed(change);
  }

  private void notify(String targetName, FileChange change) {
    Running running;
    synchronized (targets) {
      running = targets.get(targetName);
    }
    if (running != null) running.loop().changed(change);
  }

  /** Runs a target's pass now, with whatever changes it has pending. */
  public boolean trigger(String name) {
    Optional<ResourceLoop> loop = loop(name);
    loop.ifPresent(ResourceLoop::trigger);
    return loop.isPresent();
  }

  private final class ReloadPass implements UpdatePass {
    @Override
    public PassResult run(PassReason reason) {
      ProjectModel next;
      try {
        next = ProjectModel.load(new ConfigLoader().load(model.config().file()));
      } catch (ConfigException e) {
        log.error("{}", e.report().replace("nothing was started.", "the running config stays in effect."));
        return PassResult.failure(e.getMessage());
      } catch (ManifestException e) {
        e.problems().forEach(problem -> log.error("{}", problem));
        log.error("the Kubernetes YAML has problems; the running config stays in effect");
        return PassResult.failure(e.getMessage());
      }
      if (next.deploys() && deployer.isEmpty()) {
        String problem = "devd.yaml now names Kubernetes YAML to deploy, and this devd up started without a runtime";
        log.error("{}; stop devd and run devd up again to deploy it; the running config stays in effect", problem);
        return PassResult.failure(problem);
      }
      try {
        next.warnings().forEach(warning -> log.warn("warning: {}", warning));
        apply(next);
        log.info("devd.yaml reloaded");
        return PassResult.success();
      } catch (IOException e) {
        log.error("cannot apply the new devd.yaml: {}; the running config stays in effect", e.getMessage());
        log.debug("reload failed", e);
        return PassResult.failure(e.getMessage());
      }
    }
  }

  // A resource gone from the YAML: what it applied goes too, as pruning does for objects gone from a resource.
  private void removeDeployed(Targets.Target target) {
    if (!(target.pass() instanceof DeployPass) || deployer.isEmpty()) return;
    ResourceLog targetLog = new ResourceLog(target.name());
    try {
      deployer.get().remove(target.name(), targetLog);
    } catch (DeployException e) {
      targetLog.error("cannot remove it: {}", e.getMessage());
    }
  }

  private void stopTarget(Running running) {
    try {
      running.target().runner().ifPresent(ProcessRunner::stopAll);
      running.loop().stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every command devd started (TERM, grace, KILL), then the loops, the observers and the watcher. */
  @Override
  public void close() throws IOException {
    buildRunner.stopAll();
    synchronized (targets) {
      for (Running running : targets.values()) running.target().runner().ifPresent(ProcessRunner::stopAll);
      for (Running running : targets.values()) stopTarget(running);
      targets.clear();
    }
    try {
      reloadLoop.stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deployer.ifPresent(Deployer::close);
    if (watcher != null) watcher.close();
  }
}
