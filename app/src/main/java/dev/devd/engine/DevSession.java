package dev.devd.engine;

import dev.devd.build.BuildTags;
import dev.devd.build.ImageBuilder;
import dev.devd.config.ConfigException;
import dev.devd.config.ConfigLoader;
import dev.devd.config.ImageConfig;
import dev.devd.config.LocalResourceConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageStores;
import dev.devd.image.RegistryClient;
import dev.devd.image.RegistryTarget;
import dev.devd.image.TagResolver;
import dev.devd.render.K8sResource;
import dev.devd.render.ManifestException;
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

  private record Target(Object settings, List<String> images, ResourceLoop loop, ProcessRunner runner) {}

  private final Options options;
  private final Optional<Deployer> deployer;
  private final ResourceLog log = ResourceLog.devd();
  private final ProcessRunner buildRunner;
  private final ImageBuilds builds;
  private final ImageBuilds.RefSettler settler;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final ResourceLoop reloadLoop;
  private volatile ProjectModel model;
  private volatile ChangeRouter router;
  private volatile RegistryTarget registry;
  private volatile FileWatcher watcher;
  private Semaphore parallelUpdates;

  private DevSession(ProjectModel model, Options options, Optional<Deployer> deployer) {
    this.options = options;
    this.model = model;
    this.deployer = deployer;
    this.buildRunner = new ProcessRunner(options.gracePeriod());
    this.builds = new ImageBuilds(new ImageBuilder(buildRunner, options.windows()), new BuildTags(options.clock()));
    this.registry = registryOf(model.config());
    this.settler = settlerFor(model, deployer);
    ProjectConfig config = model.config();
    this.reloadLoop = new ResourceLoop("devd.yaml", new ReloadPass(), config.watch().debounce(), config.watch().maxWait(),
        new Semaphore(1), options.clock(), true, config.root());
  }

  /**
   * Starts watching and brings every target up to date; returns once the watcher reports changes.
   *
   * @param deployer where resources run; empty when the project deploys nothing (no Kubernetes YAML)
   */
  public static DevSession start(ProjectModel model, Options options, Optional<Deployer> deployer) throws IOException {
    DevSession session = new DevSession(model, options, deployer);
    model.warnings().forEach(warning -> session.log.warn("warning: {}", warning));
    session.apply(model);
    session.reloadLoop.start(false);
    return session;
  }

  private RegistryTarget registryOf(ProjectConfig config) {
    return RegistryTarget.of(config.defaultRegistry(), deployer.flatMap(Deployer::clusterRegistry));
  }

  private ImageBuilds.RefSettler settlerFor(ProjectModel model, Optional<Deployer> deployer) {
    if (deployer.isEmpty() || !model.deploys()) return ImageBuilds.RefSettler.BUILD_ONLY;
    TagResolver resolver = new TagResolver(ImageStores.detect(buildRunner), new RegistryClient(), deployer.get().pushPolicy(registry));
    return new ImageBuilds.RefSettler() {
      @Override
      public dev.devd.image.ImageRef settle(dev.devd.build.BuiltImage built, ResourceLog log,
          java.util.function.Consumer<String> startStep) throws dev.devd.build.BuildFailedException {
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
      return Optional.ofNullable(targets.get(name)).map(Target::loop);
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
      Map<String, Supplier<Target>> wanted = wantedTargets(next);
      for (var entry : List.copyOf(targets.entrySet())) {
        Supplier<Target> replacement = wanted.get(entry.getKey());
        if (replacement == null || !entry.getValue().settings().equals(settingsOf(next, entry.getKey()))) {
          stopTarget(entry.getValue());
          targets.remove(entry.getKey());
        }
      }
      model = next;
      router = nextRouter;
      FileWatcher previous = watcher;
      watcher = FileWatcher.start(nextRouter.plan(), this::route);
      if (previous != null) previous.close();
      for (var entry : wanted.entrySet()) {
        if (targets.containsKey(entry.getKey())) continue;
        Target target = entry.getValue().get();
        targets.put(entry.getKey(), target);
        target.loop().start(true);
      }
    }
  }

  private boolean wanted(String name) {
    return options.only().isEmpty() || options.only().contains(name);
  }

  private Map<String, Supplier<Target>> wantedTargets(ProjectModel next) {
    Map<String, Supplier<Target>> wanted = new LinkedHashMap<>();
    for (K8sResource resource : next.resources()) {
      if (!wanted(resource.name())) continue;
      wanted.put(resource.name(), () -> {
        ResourceLog targetLog = new ResourceLog(resource.name());
        DeployPass pass = new DeployPass(resource, builds, next.renderOptions(), deployer.orElseThrow(), targetLog);
        return new Target(settingsOf(next, resource.name()), imageNames(builds.withDependencies(resource.imageRefs())),
            loopFor(next, resource.name(), pass), null);
      });
    }
    for (ImageConfig image : next.standaloneImages()) {
      if (!wanted(image.ref())) continue;
      wanted.put(image.ref(), () -> {
        ResourceLog targetLog = new ResourceLog(image.ref());
        return new Target(settingsOf(next, image.ref()), imageNames(builds.withDependencies(image.ref())),
            loopFor(next, image.ref(), new ImageOnlyPass(image.ref(), builds, targetLog)), null);
      });
    }
    for (LocalResourceConfig local : next.config().localResources()) {
      if (!wanted(local.name())) continue;
      wanted.put(local.name(), () -> {
        ProcessRunner runner = new ProcessRunner(options.gracePeriod());
        ResourceLog targetLog = new ResourceLog(local.name());
        return new Target(settingsOf(next, local.name()), List.of(),
            loopFor(next, local.name(), new LocalResourcePass(local, runner, options.windows(), targetLog)), runner);
      });
    }
    return wanted;
  }

  private static List<String> imageNames(List<ImageConfig> images) {
    return images.stream().map(ImageConfig::ref).toList();
  }

  // What a target's behaviour depends on; a reload restarts the target when this changes.
  private Object settingsOf(ProjectModel next, String name) {
    ProjectConfig config = next.config();
    List<Object> settings = new java.util.ArrayList<>(List.of(Settings.of(config.watch()), Settings.of(registryOf(config)),
        Settings.of(config.resources().getOrDefault(name, ResourceOptions.DEFAULTS))));
    for (K8sResource resource : next.resources()) {
      if (resource.name().equals(name)) {
        settings.add(Settings.of(resource));
        settings.add(Settings.of(next.renderOptions()));
        settings.add(Settings.of(chain(config, resource.imageRefs())));
      }
    }
    config.image(name).filter(image -> !next.deploys()).ifPresent(image -> settings.add(Settings.of(chain(config, List.of(name)))));
    config.localResources().stream().filter(local -> local.name().equals(name)).forEach(local -> settings.add(Settings.of(local)));
    return settings;
  }

  private static List<ImageConfig> chain(ProjectConfig config, List<String> imageRefs) {
    Map<String, ImageConfig> ordered = new LinkedHashMap<>();
    for (String ref : imageRefs) config.image(ref).ifPresent(image -> addChain(config, image, ordered));
    return List.copyOf(ordered.values());
  }

  private static void addChain(ProjectConfig config, ImageConfig image, Map<String, ImageConfig> ordered) {
    for (String dep : image.imageDeps()) config.image(dep).ifPresent(d -> addChain(config, d, ordered));
    ordered.putIfAbsent(image.ref(), image);
  }

  private ResourceLoop loopFor(ProjectModel next, String name, UpdatePass pass) {
    boolean auto = next.config().resources().getOrDefault(name, ResourceOptions.DEFAULTS).triggerMode()
        == ResourceOptions.TriggerMode.AUTO;
    return new ResourceLoop(name, pass, next.config().watch().debounce(), next.config().watch().maxWait(), parallelUpdates,
        options.clock(), auto, next.config().root());
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
    List<Target> using;
    synchronized (targets) {
      using = targets.values().stream().filter(target -> target.images().contains(imageRef)).toList();
    }
    for (Target target : using) target.loop().changed(change);
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
      ProjectModel next;
      try {
        next = ProjectModel.load(new ConfigLoader().load(model.config().file()));
      } catch (ConfigException e) {
        log.error("{}", e.report().replace("nothing was started.", "the running config stays in effect."));
        return false;
      } catch (ManifestException e) {
        e.problems().forEach(problem -> log.error("{}", problem));
        log.error("the Kubernetes YAML has problems; the running config stays in effect");
        return false;
      }
      try {
        next.warnings().forEach(warning -> log.warn("warning: {}", warning));
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

  /** Stops every command devd started (TERM, grace, KILL), then the loops, the observers and the watcher. */
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
    deployer.ifPresent(Deployer::close);
    if (watcher != null) watcher.close();
  }
}
