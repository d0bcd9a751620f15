package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import dev.devd.testing.Kubelet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ReadinessWaiter against fabric8's mock API server. The mock runs no controllers and no kubelet:
 * the test creates the pods a Deployment or Job would get and writes their statuses, and writes a
 * workload's status where a test is about a server that keeps one. "Ready" is therefore what the
 * test wrote; what is checked is what the waiter makes of it, and that it ends as soon as the
 * answer is known.
 */
class ReadinessWaiterIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  // Long enough that a test finishing within WAIT shows the waiter did not wait for it.
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Map<String, String> WEB = Map.of("devd.dev/resource", "web");
  private static final Map<String, String> API = Map.of("devd.dev/resource", "api");

  private ScriptedCluster cluster;
  private KubernetesClient client;
  private Kubelet kubelet;
  // Waiters block; their own threads keep them off the common pool, which fabric8 needs (it has one
  // thread on 2 cores).
  private final ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void startCluster() {
    cluster = new ScriptedCluster();
    client = cluster.client();
    kubelet = new Kubelet(client, "dev");
  }

  @AfterEach
  void stopCluster() {
    waiters.shutdownNow();
    cluster.close();
  }

  @Test
  void healthyOnceEveryPodOfTheDeploymentIsReady() {
    client.resource(deployment("web", 2, WEB)).create();
    kubelet.create("web-1", WEB, "web");
    kubelet.create("web-2", WEB, "web");
    kubelet.running("web-1", true);

    CompletableFuture<ReadinessResult> result = waitFor(LONG, web());
    watchesOpen(2);
    assertThat(result).isNotDone();
    kubelet.running("web-2", true);

    assertThat(outcome(result)).isEqualTo(ReadinessResult.healthy());
  }

  @Test
  void waitsForTheRolloutWhereTheServerKeepsTheWorkloadsStatus() throws InterruptedException {
    Deployment web = client.resource(deployment("web", 2, WEB)).create();
    kubelet.create("web-1", WEB, "web");
    kubelet.create("web-2", WEB, "web");
    kubelet.running("web-1", true);
    kubelet.running("web-2", true);
    // As a Deployment controller would write it mid-rollout: one new replica so far.
    web =
        client
            .resource(
                new DeploymentBuilder(web)
                    .withNewStatus()
                    .withObservedGeneration(1L)
                    .withReplicas(2)
                    .withUpdatedReplicas(1)
                    .withReadyReplicas(2)
                    .withAvailableReplicas(2)
                    .endStatus()
                    .build())
            .updateStatus();

    ReadinessResult midRollout = new ReadinessWaiter(client).await(web(), Duration.ofSeconds(1));

    assertThat(midRollout)
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.TIMED_OUT,
                "web: not ready after 1s; deployment web has 1 of 2 replicas updated; pods: web-1 Running, ready, "
                    + "web-2 Running, ready"));

    client
        .resource(
            new DeploymentBuilder(web).editStatus().withUpdatedReplicas(2).endStatus().build())
        .updateStatus();
    assertThat(new ReadinessWaiter(client).await(web(), WAIT)).isEqualTo(ReadinessResult.healthy());
  }

  @Test
  void failsAtOnceOnACrashLoopNamingThePod() {
    client.resource(deployment("web", 1, WEB)).create();
    kubelet.create("web-abc", WEB, "web");

    CompletableFuture<ReadinessResult> result = waitFor(LONG, web());
    watchesOpen(2);
    kubelet.crashLooping("web-abc", "web", 3);

    assertThat(outcome(result))
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.FAILED,
                "web: pod web-abc is crash-looping (container web, 3 restarts)"));
  }

  @Test
  void failsAtOnceWhenAnImageCannotBePulled() {
    client.resource(deployment("web", 1, WEB)).create();
    kubelet.create("web-abc", WEB, "web");
    kubelet.imagePullBackOff("web-abc", "web");

    assertThat(outcome(waitFor(LONG, web())))
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.FAILED,
                "web: pod web-abc cannot pull image \"web:1\" for container web (ImagePullBackOff: Back-off pulling image \"web:1\")"));
  }

  @Test
  void timesOutListingThePodsOfTheFirstResourceNotReady() throws InterruptedException {
    client.resource(deployment("web", 1, WEB)).create();
    client.resource(deployment("api", 1, API)).create();
    kubelet.create("web-abc", WEB, "web");
    kubelet.pending("web-abc");

    ReadinessResult result =
        new ReadinessWaiter(client)
            .await(
                List.of(
                    applied("web", WEB, new ObjectRef("apps/v1", "Deployment", "dev", "web")),
                    applied("api", API, new ObjectRef("apps/v1", "Deployment", "dev", "api"))),
                Duration.ofSeconds(1));

    assertThat(result)
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.TIMED_OUT,
                "web: not ready after 1s; deployment web has 0 of 1 pods ready; "
                    + "pods: web-abc Pending (container web: ContainerCreating); also not ready: api"));
  }

  @Test
  void aJobIsHealthyOnceItsPodSucceeded() {
    client.resource(job("migrate", WEB)).create();
    kubelet.create("migrate-x1", WEB, "migrate");
    kubelet.running("migrate-x1", false);

    CompletableFuture<ReadinessResult> result =
        waitFor(
            LONG, List.of(applied("web", WEB, new ObjectRef("batch/v1", "Job", "dev", "migrate"))));
    watchesOpen(2);
    assertThat(result).isNotDone();
    kubelet.succeeded("migrate-x1");

    assertThat(outcome(result)).isEqualTo(ReadinessResult.healthy());
  }

  @Test
  void aFailedJobFailsAtOnce() {
    Job job = client.resource(job("migrate", WEB)).create();
    // What the Job controller writes once the pods failed too often; the mock has no such
    // controller.
    client
        .resource(
            new JobBuilder(job)
                .withNewStatus()
                .withFailed(7)
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit")
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();

    assertThat(
            outcome(
                waitFor(
                    LONG,
                    List.of(
                        applied("web", WEB, new ObjectRef("batch/v1", "Job", "dev", "migrate"))))))
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.FAILED,
                "web: job migrate failed (BackoffLimitExceeded: Job has reached the specified backoff limit)"));
  }

  @Test
  void barePodsAreHealthyWhenReadyOrSucceeded() {
    kubelet.create("ready", WEB, "web");
    kubelet.running("ready", true);
    kubelet.create("done", Map.of("devd.dev/resource", "done"), "task");
    kubelet.succeeded("done");

    assertThat(
            outcome(
                waitFor(
                    LONG,
                    List.of(
                        applied("web", WEB, new ObjectRef("v1", "Pod", "dev", "ready")),
                        applied(
                            "done",
                            Map.of("devd.dev/resource", "done"),
                            new ObjectRef("v1", "Pod", "dev", "done"))))))
        .isEqualTo(ReadinessResult.healthy());
  }

  @Test
  void aBarePodThatFailedFailsAtOnce() {
    kubelet.create("broken", Map.of("devd.dev/resource", "broken"), "task");
    kubelet.failed("broken", 2);

    assertThat(
            outcome(
                waitFor(
                    LONG,
                    List.of(
                        applied(
                            "broken",
                            Map.of("devd.dev/resource", "broken"),
                            new ObjectRef("v1", "Pod", "dev", "broken"))))))
        .isEqualTo(
            new ReadinessResult(
                ReadinessResult.Outcome.FAILED,
                "broken: pod broken failed (container task exited with 2: Error)"));
  }

  @Test
  void resourcesWithoutPodsToWaitForAreHealthy() {
    client
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withName("nightly")
                .withNamespace("dev")
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 3 * * *")
                .withNewJobTemplate()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("nightly")
                .withImage("nightly:1")
                .endContainer()
                .withRestartPolicy("Never")
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build())
        .create();

    assertThat(
            outcome(
                waitFor(
                    LONG,
                    List.of(
                        applied(
                            "nightly",
                            Map.of("devd.dev/resource", "nightly"),
                            new ObjectRef("batch/v1", "CronJob", "dev", "nightly")),
                        new AppliedResources(
                            "uncategorized",
                            "dev",
                            List.of(new ObjectRef("v1", "ConfigMap", "dev", "settings")),
                            Map.of())))))
        .isEqualTo(ReadinessResult.healthy());
  }

  private CompletableFuture<ReadinessResult> waitFor(
      Duration timeout, List<AppliedResources> applied) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new ReadinessWaiter(client).await(applied, timeout);
          } catch (InterruptedException e) {
            throw new CompletionException(e);
          }
        },
        waiters);
  }

  /**
   * The mock forgets changes made between an informer's list and its watch, so tests change things
   * after.
   */
  private void watchesOpen(int count) {
    await().atMost(WAIT).until(() -> cluster.openWatches() >= count);
  }

  private static ReadinessResult outcome(CompletableFuture<ReadinessResult> result) {
    await().atMost(WAIT).until(result::isDone);
    return result.join();
  }

  private static List<AppliedResources> web() {
    return List.of(applied("web", WEB, new ObjectRef("apps/v1", "Deployment", "dev", "web")));
  }

  private static AppliedResources applied(
      String name, Map<String, String> labels, ObjectRef workload) {
    return new AppliedResources(name, "dev", List.of(workload), labels);
  }

  private static Deployment deployment(String name, int replicas, Map<String, String> labels) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("dev")
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(name + ":1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Job job(String name, Map<String, String> labels) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("dev")
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(name + ":1")
        .endContainer()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
