package dev.devd.runtime;

import dev.devd.console.ResourceLog;
import dev.devd.image.ImageRef;
import dev.devd.image.PushPolicy;
import dev.devd.image.RegistryTarget;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import dev.devd.render.K8sResource;
import dev.devd.render.RenderedManifests;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where rendered resources run (SPEC §7): a Kubernetes cluster, or podman on this machine. */
public interface Deployer extends AutoCloseable {
  /** For the terminal: {@code Kubernetes context "kind-dev", namespace "default"} or {@code podman}. */
  String describe();

  /** What the status page calls resources deployed here: {@code kubernetes} or {@code podman}. */
  String kind();

  /** The registry the cluster itself names (its local-registry-hosting ConfigMap), if any. */
  Optional<String> clusterRegistry();

  /** Whether built images must be pushed for this runtime to run them, and why (not). */
  PushPolicy pushPolicy(RegistryTarget registry);

  /** Applies one resource's rendered objects, lists them, and removes the objects it no longer has. */
  AppliedResources apply(RenderedManifests rendered, ResourceLog log) throws DeployException;

  /** Deletes what was applied for a resource that is gone from the YAML, and stops observing it. */
  void remove(String resource, ResourceLog log) throws DeployException;

  /**
   * Starts (or keeps) watching the resource's pods, streaming their logs and forwarding its ports; calls
   * {@code containersChanged} when a container of it starts, restarts or stops.
   */
  void observe(K8sResource resource, AppliedResources applied, ResourceLog log, Runnable containersChanged);

  /** The containers of an applied resource that run this image (the ref devd deployed), as they are now. */
  List<ContainerRef> containers(AppliedResources applied, ImageRef deployed) throws DeployException;

  /**
   * Whether a restarted container keeps files copied into it: podman restarts the same container, Kubernetes starts
   * a fresh one from the image.
   */
  boolean restartKeepsFiles();

  /** How files reach this runtime's containers for a live update. */
  ContainerTransport transport();

  /**
   * Waits until the workloads of these applied resources are healthy, fail in a way that will not fix itself, or the
   * timeout passes ({@code devd ci}); empty when healthy, else the first problem in the user's terms.
   */
  Optional<String> awaitHealthy(List<AppliedResources> applied, Duration timeout) throws InterruptedException;

  /** Stops observing; what was applied keeps running. */
  @Override
  void close();
}
