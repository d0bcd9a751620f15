package dev.devd.engine;

import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.RegistryTarget;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.ForwardedPort;
import dev.devd.runtime.InvalidPortForwardException;
import dev.devd.status.ResourceLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The running targets of a session, a loop each: brought in line with each (re)load of the project,
 * started in the order {@code resourceDeps} asks for, and stopped with what they keep running. Used
 * by {@code devd up} and {@code devd ci} alike.
 */
final class TargetLoops implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  /** A target and its loop. */
  record Running(Targets.Target target, ResourceLoop loop) {}

  private final SessionParts parts;
  private final ResourceLog log = ResourceLog.devd();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private ProjectConfig config;
  private Semaphore parallelUpdates;

  TargetLoops(SessionParts parts) {
    this.parts = parts;
  }

  /**
   * Brings the targets in line with {@code model}: a target whose settings changed restarts, one
   * that is gone stops (and what it deployed is removed), new ones start, each after the targets it
   * waits for.
   */
  synchronized void apply(ProjectModel model) {
    ProjectConfig next = model.config();
    if (parallelUpdates == null || config.maxParallelUpdates() != next.maxParallelUpdates()) {
      parallelUpdates = new Semaphore(next.maxParallelUpdates());
    }
    config = next;
    RegistryTarget registry =
        RegistryTarget.of(
            next.defaultRegistry(),
            parts.runtime().flatMap(runtime -> runtime.images().clusterRegistry()));
    parts.builds().update(next.images(), registry, model.deploys());
    Map<String, Targets.Target> wanted = new LinkedHashMap<>();
    for (Targets.Target target : Targets.of(model, parts, registry, this::recheck))
      wanted.put(target.name(), target);
    for (Running old : List.copyOf(running.values())) {
      Targets.Target replacement = wanted.get(old.target().name());
      if (replacement != null && old.target().settings().equals(replacement.settings())) continue;
      stop(old);
      running.remove(old.target().name());
      if (replacement == null) {
        parts.board().remove(old.target().name());
        removeDeployed(old.target());
      }
    }
    LoopContext context = new LoopContext(parallelUpdates, parts.options().clock(), parts.board());
    List<Running> started = new ArrayList<>();
    for (Targets.Target target : wanted.values()) {
      if (running.containsKey(target.name())) continue;
      ResourceLoop loop = new ResourceLoop(target.loop(), context, target.pass());
      ResourceOptions options =
          next.resources().getOrDefault(target.name(), ResourceOptions.DEFAULTS);
      parts
          .board()
          .register(
              target.name(),
              target.kind(),
              target.loop().autoTrigger() ? "auto" : "manual",
              options.labels());
      List<String> configured = new ArrayList<>(options.links());
      next.localResources().stream()
          .filter(local -> local.name().equals(target.name()))
          .forEach(local -> configured.addAll(local.links()));
      List<ResourceLink> links = links(options, configured);
      parts.board().links(target.name(), links);
      if (!links.isEmpty()) {
        String shown = String.join("  ", links.stream().map(ResourceLink::url).toList());
        loop.firstOutcome()
            .thenAccept(
                result -> {
                  if (result.ok()) new ResourceLog(target.name()).info("see it at {}", shown);
                });
      }
      Running fresh = new Running(target, loop);
      running.put(target.name(), fresh);
      started.add(fresh);
    }
    ResourceOrder order = ResourceOrder.of(next, running.keySet());
    order.warnings().forEach(warning -> log.warn("warning: {}", warning));
    for (Running fresh : started) {
      List<ResourceLoop> after =
          order.dependencies(fresh.target().name()).stream()
              .map(running::get)
              .map(Running::loop)
              .toList();
      fresh.loop().start(after);
    }
  }

  // Where a user can look at the target: its port forwards (a bad one is reported when its forward
  // starts) and the
  // links devd.yaml gives it.
  private static List<ResourceLink> links(ResourceOptions options, List<String> configured) {
    List<ResourceLink> links = new ArrayList<>();
    for (String text : options.portForwards()) {
      try {
        ForwardedPort port = ForwardedPort.parse(text);
        links.add(ResourceLink.portForward(port.host(), port.localPort(), port.containerPort()));
      } catch (InvalidPortForwardException e) {
        // The runtime says what is wrong with it when it would forward it.
      }
    }
    configured.forEach(url -> links.add(ResourceLink.of(url)));
    return links;
  }

  synchronized Optional<ResourceLoop> loop(String name) {
    return Optional.ofNullable(running.get(name)).map(Running::loop);
  }

  synchronized List<Running> all() {
    return List.copyOf(running.values());
  }

  private void recheck(String name) {
    loop(name).ifPresent(ResourceLoop::recheck);
  }

  // A resource gone from the YAML: what it applied goes too, as pruning does for objects gone from
  // a resource.
  private void removeDeployed(Targets.Target target) {
    if (!(target.pass() instanceof DeployPass) || parts.runtime().isEmpty()) return;
    DeployTarget runtime = parts.runtime().get();
    ResourceLog targetLog = new ResourceLog(target.name());
    try {
      runtime.observes().forget(target.name());
      runtime.deploys().remove(target.name(), targetLog);
    } catch (DeployException e) {
      targetLog.error("cannot remove it: {}", e.getMessage());
    }
  }

  private static void stop(Running running) {
    try {
      running.target().runner().ifPresent(ProcessRunner::stopAll);
      running.loop().stop(STOP_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every command the targets started (TERM, grace, KILL), then the loops. */
  @Override
  public synchronized void close() {
    parts.buildRunner().stopAll();
    for (Running each : running.values()) each.target().runner().ifPresent(ProcessRunner::stopAll);
    for (Running each : running.values()) stop(each);
    running.clear();
  }
}
