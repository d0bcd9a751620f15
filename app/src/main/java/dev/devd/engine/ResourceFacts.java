package dev.devd.engine;

import dev.devd.config.ImageConfig;
import dev.devd.liveupdate.ContainerRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the planner of a deployed resource's pass knows about it, gathered before the pass.
 *
 * @param deployed whether an apply of the resource succeeded in this session
 * @param liveImages its deployed images that have live update steps
 * @param containers per live image (by ref), its containers as listed for this pass; none listed
 *     for a first or triggered pass
 * @param listFailures per live image whose containers could not be listed, why
 * @param inStep per live image, the keys ({@link PassPlanner#containerKey}) of the containers devd
 *     left in step with the sources
 * @param syncedSinceDeploy live images that had files synced into their containers since they were
 *     deployed
 * @param restartKeepsFiles whether the runtime restarts a container in place, keeping synced files
 * @param staleImages images of the resource (and their image deps) whose build is out of date
 * @param exists whether a local file exists now (a changed file that is gone was deleted)
 */
record ResourceFacts(
    boolean deployed,
    List<ImageConfig> liveImages,
    Map<String, List<ContainerRef>> containers,
    Map<String, String> listFailures,
    Map<String, Set<String>> inStep,
    Set<String> syncedSinceDeploy,
    boolean restartKeepsFiles,
    Set<String> staleImages,
    Predicate<Path> exists) {

  ResourceFacts {
    liveImages = List.copyOf(liveImages);
    containers = Map.copyOf(containers);
    listFailures = Map.copyOf(listFailures);
    inStep = Map.copyOf(inStep);
    syncedSinceDeploy = Set.copyOf(syncedSinceDeploy);
    staleImages = Set.copyOf(staleImages);
  }
}
