package dev.devd.k8s;

import dev.devd.config.ProjectConfig;
import dev.devd.console.ResourceLog;
import dev.devd.render.K8sResource;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ForwardedPort;
import dev.devd.runtime.Observes;
import dev.devd.runtime.PodEvents;
import dev.devd.runtime.PodSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per deployed resource, one watch of its pods that reports their state, streams the pods' logs and
 * forwards the resource's ports. Started after the first successful apply, kept while the pods'
 * labels stay the same.
 */
final class ResourceObservers implements Observes, AutoCloseable {
  private record Observation(
      AppliedResources applied, PodObserver observer, LogStreamer logs, PortForwarder forwards) {
    void close() {
      forwards.close();
      logs.close();
      observer.close();
    }
  }

  private final KubeTarget target;
  private final ProjectConfig config;
  private final Instant sessionStart = Instant.now();
  private final Map<String, Observation> observations = new HashMap<>();

  ResourceObservers(KubeTarget target, ProjectConfig config) {
    this.target = target;
    this.config = config;
  }

  @Override
  public synchronized void observe(
      K8sResource resource, AppliedResources applied, ResourceLog log, PodEvents events) {
    Observation current = observations.get(resource.name());
    if (current != null
        && current.applied().podLabels().equals(applied.podLabels())
        && current.applied().namespace().equals(applied.namespace())) {
      return;
    }
    if (current != null) current.close();
    observations.remove(resource.name());
    if (applied.podLabels().isEmpty()) return;
    try {
      var client = target.client();
      PodObserver observer = new PodObserver(client, applied, log);
      LogStreamer logs = new LogStreamer(client, log, sessionStart);
      PortForwarder forwards =
          new PortForwarder(
              client,
              resource.name(),
              applied.namespace(),
              ForwardedPort.of(config, resource.name(), log),
              log);
      observer.addListener(logs);
      observer.addListener(forwards);
      observer.addListener(
          new PodListener() {
            @Override
            public void podChanged(PodSnapshot snapshot, Pod pod) {
              events.pods(observer.pods());
              events.containersChanged();
            }

            @Override
            public void podGone(PodSnapshot last, Pod pod) {
              events.pods(observer.pods());
              events.containersChanged();
            }
          });
      observer.start();
      forwards.start();
      observations.put(resource.name(), new Observation(applied, observer, logs, forwards));
    } catch (ClusterException e) {
      log.error("cannot watch the pods of {}: {}", resource.name(), e.getMessage());
    }
  }

  @Override
  public synchronized void forget(String resource) {
    Observation current = observations.remove(resource);
    if (current != null) current.close();
  }

  @Override
  public synchronized void close() {
    observations.values().forEach(Observation::close);
    observations.clear();
  }
}
