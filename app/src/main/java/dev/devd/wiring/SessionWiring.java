package dev.devd.wiring;

import dev.devd.buildcache.BuildCache;
import dev.devd.config.ProjectConfig;
import dev.devd.custombuild.BuildTags;
import dev.devd.custombuild.ImageBuilder;
import dev.devd.custombuild.TagResolver;
import dev.devd.engine.ChangeSequence;
import dev.devd.engine.ImageBuilds;
import dev.devd.engine.ProjectModel;
import dev.devd.engine.SessionParts;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ImageStore;
import dev.devd.image.RegistryClient;
import dev.devd.runtime.DeployException;
import dev.devd.runtime.DeployTarget;
import dev.devd.runtime.TearDown;
import dev.devd.status.StatusBoard;
import java.util.Optional;

/**
 * Builds the object graph of {@code devd up}, {@code devd ci} and {@code devd down} in one place,
 * from the project and the command's options: the runtime (checked for safety before anything is
 * built), the runner of build commands, the image builds with the settling of their tags and the
 * build cache, and the sequence that numbers file changes.
 */
public final class SessionWiring {
  /**
   * What the commands choose.
   *
   * @param context the kubeconfig context ({@code --context}); empty for the current one
   * @param namespace the namespace ({@code --namespace}); empty for the context's
   */
  public record Options(
      Optional<String> context, Optional<String> namespace, SessionParts.Options session) {}

  private SessionWiring() {}

  /**
   * The parts of a session of {@code devd up} or {@code devd ci}; the caller closes the runtime
   * when done.
   */
  public static SessionParts parts(ProjectModel model, Options options, StatusBoard board)
      throws DeployException {
    Optional<DeployTarget> runtime =
        model.deploys()
            ? Optional.of(
                new RuntimeChooser(options.context(), options.namespace()).connect(model.config()))
            : Optional.empty();
    SessionParts.Options session = options.session();
    ProcessRunner buildRunner = new ProcessRunner(session.gracePeriod());
    // A runtime that runs images from a local store needs the builds there; else docker's store, or
    // podman's.
    ImageStore store =
        runtime
            .flatMap(target -> target.images().localStore())
            .orElseGet(() -> LocalImageStores.detect(buildRunner));
    RegistryClient registryClient = new RegistryClient(buildRunner);
    ImageBuilds.RefSettlers settlers =
        registry ->
            new TagResolver(
                store, registryClient, runtime.orElseThrow().images().pushPolicy(registry));
    ChangeSequence changes = new ChangeSequence();
    BuildCache cache =
        BuildCache.open(model.config().stateDir(), store, registryClient, session.clock());
    ImageBuilds builds =
        new ImageBuilds(
            new ImageBuilder(buildRunner, session.windows()),
            new BuildTags(session.clock()),
            settlers,
            changes,
            cache,
            session.useCache(),
            session.clock());
    return new SessionParts(runtime, board, buildRunner, builds, changes, cache, session);
  }

  /** What removes the project's resources from where they run ({@code devd down}). */
  public static TearDown tearDown(ProjectConfig config, Options options) {
    return new RuntimeChooser(options.context(), options.namespace()).tearDown(config);
  }
}
