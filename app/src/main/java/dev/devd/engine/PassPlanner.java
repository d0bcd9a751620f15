package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.config.LiveUpdateStep;
import dev.devd.engine.PassPlan.DeployOnly;
import dev.devd.engine.PassPlan.FullBuild;
import dev.devd.engine.PassPlan.ImageSync;
import dev.devd.engine.PassPlan.LiveUpdate;
import dev.devd.engine.PassPlan.Nothing;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.SyncPlanner;
import dev.devd.liveupdate.UpdatePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses what a pass of a deployed resource does (SPEC §8), from why it runs and what devd knows
 * of its containers: saved files that every concerned image's {@code liveUpdate} steps cover are
 * copied into the running containers; containers that started since devd last looked get the
 * image's {@code initialSync}, or a rebuild when they lack files synced since the last build;
 * anything else builds what changed and deploys. Pure: the engine gathers the facts and runs the
 * plan.
 */
final class PassPlanner {
  private final SyncPlanner syncs = new SyncPlanner();

  PassPlan plan(PassReason reason, ResourceFacts facts) {
    return switch (reason.kind()) {
      case FIRST, ENABLED ->
          facts.staleImages().isEmpty()
              ? new DeployOnly("its images are built already")
              : new FullBuild(
                  reason.kind() == PassReason.Kind.FIRST ? "first update" : "enabled again",
                  false,
                  false);
      case TRIGGERED -> new FullBuild("triggered by the user", true, false);
      case CONTAINERS ->
          facts.deployed() ? reconcile(facts, List.of()) : new Nothing("nothing is deployed yet");
      case CHANGED ->
          facts.deployed()
              ? changed(reason.changed(), facts)
              : new FullBuild("nothing is deployed yet", false, false);
    };
  }

  /**
   * Which container this is, as far as synced files go: podman restarts the same container and
   * keeps its files; on Kubernetes a restart starts from the image again, so a new start time is a
   * new container.
   */
  static String containerKey(ContainerRef container, boolean restartKeepsFiles) {
    return restartKeepsFiles
        ? container.address().toString()
        : container.address() + "@" + container.startedAt();
  }

  // Containers that started since devd last looked: synced with initialSync first, then the changes
  // (if any).
  private PassPlan reconcile(ResourceFacts facts, List<ImageSync> then) {
    List<ImageSync> initial = new ArrayList<>();
    for (ImageConfig image : facts.liveImages()) {
      List<ContainerRef> now = facts.containers().get(image.ref());
      if (now == null) continue; // not listed: nothing is known about them
      boolean synced = facts.syncedSinceDeploy().contains(image.ref());
      if (synced && now.stream().noneMatch(ContainerRef::canSync)) {
        return new FullBuild(
            "no container of " + image.ref() + " runs any more, and it had files synced into it",
            false,
            true);
      }
      Set<String> inStep = facts.inStep().getOrDefault(image.ref(), Set.of());
      List<ContainerRef> fresh =
          now.stream()
              .filter(ContainerRef::canSync)
              .filter(c -> !inStep.contains(containerKey(c, facts.restartKeepsFiles())))
              .toList();
      if (fresh.isEmpty()) continue;
      if (hasInitialSync(image)) {
        initial.add(new ImageSync(image, syncs.initialSync(image), fresh, true));
      } else if (synced) {
        return new FullBuild(
            "a container of "
                + image.ref()
                + " started anew and lacks the files synced since the last build",
            false,
            true);
      }
    }
    List<ImageSync> all = new ArrayList<>(initial);
    all.addAll(then);
    if (all.isEmpty()) return new Nothing("its containers are in step with the sources");
    return new LiveUpdate(
        all,
        then.isEmpty()
            ? "containers started since the last look get the synced files"
            : "saved files are copied in");
  }

  private PassPlan changed(List<Path> changed, ResourceFacts facts) {
    Map<ImageConfig, List<Path>> byImage = new LinkedHashMap<>();
    for (Path path : changed) {
      Optional<ImageConfig> owner =
          facts.liveImages().stream()
              .filter(image -> image.deps().stream().anyMatch(path::startsWith))
              .findFirst();
      if (owner.isEmpty())
        return new FullBuild(
            path.getFileName() + " is not under the deps of an image with live update steps",
            false,
            false);
      byImage.computeIfAbsent(owner.get(), image -> new ArrayList<>()).add(path);
    }
    List<ImageSync> changeSyncs = new ArrayList<>();
    for (var entry : byImage.entrySet()) {
      ImageConfig image = entry.getKey();
      String listFailure = facts.listFailures().get(image.ref());
      if (listFailure != null)
        return new FullBuild("cannot list the running containers: " + listFailure, false, true);
      List<ContainerRef> running = facts.containers().getOrDefault(image.ref(), List.of());
      UpdatePlan plan = syncs.plan(image, entry.getValue(), running, facts.exists());
      if (plan instanceof UpdatePlan.FullUpdate full)
        return new FullBuild(full.reason(), false, true);
      changeSyncs.add(new ImageSync(image, ((UpdatePlan.LiveUpdate) plan).plan(), running, false));
    }
    return reconcile(facts, changeSyncs);
  }

  private static boolean hasInitialSync(ImageConfig image) {
    return image.liveUpdate().stream().anyMatch(step -> step instanceof LiveUpdateStep.InitialSync);
  }
}
