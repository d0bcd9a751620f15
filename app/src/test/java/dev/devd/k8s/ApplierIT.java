package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.render.RenderedManifests;
import dev.devd.runtime.AppliedResources;
import dev.devd.runtime.ObjectRef;
import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.MockCluster;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Applier against fabric8's mock API server (CRUD mode). The mock stores objects faithfully but
 * knows no server-side apply (it answers 415, or 404 for a new object), so these tests run the
 * create-or-replace fallback; server-side apply itself, field ownership and immutable-field checks
 * need a real cluster.
 */
class ApplierIT {
  @TempDir Path temp;
  private MockCluster cluster;
  private KubeTarget target;
  private ConsoleCapture console;

  @BeforeEach
  void setUp() throws Exception {
    cluster = MockCluster.start(temp);
    target = cluster.target();
    console = new ConsoleCapture();
  }

  @AfterEach
  void tearDown() {
    console.close();
    target.close();
    cluster.close();
  }

  private Path stateDir() {
    return temp.resolve("project/.devd");
  }

  private Applier newApplier(KubeTarget target) throws ClusterException {
    return new Applier(target, AppliedState.load(stateDir(), target.context()));
  }

  private static RenderedManifests web(String image, boolean withConfig) {
    String config =
        withConfig
            ? """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {greeting: hello}
        """
            : "";
    return TestManifests.of(
        "web",
        TestManifests.deployment("web", image)
            + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """
            + config);
  }

  private Deployment storedDeployment(String name) {
    return cluster.client().apps().deployments().inNamespace("default").withName(name).get();
  }

  private ConfigMap storedConfigMap(String name) {
    return cluster.client().configMaps().inNamespace("default").withName(name).get();
  }

  @Test
  void appliesEveryObjectListsItAndReturnsWhatItApplied() throws Exception {
    AppliedResources applied = newApplier(target).apply(web("web:devd-1111", true));

    assertThat(
            storedDeployment("web")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("web:devd-1111");
    assertThat(cluster.client().services().inNamespace("default").withName("web").get())
        .isNotNull();
    assertThat(storedConfigMap("web-config").getData()).containsEntry("greeting", "hello");
    assertThat(applied.resource()).isEqualTo("web");
    assertThat(applied.namespace()).isEqualTo("default");
    assertThat(applied.podLabels()).isEqualTo(Map.of("devd.dev/resource", "web"));
    assertThat(applied.objects())
        .containsExactly(
            new ObjectRef("v1", "ConfigMap", "default", "web-config"),
            new ObjectRef("v1", "Service", "default", "web"),
            new ObjectRef("apps/v1", "Deployment", "default", "web"));
    assertThat(console.lines())
        .containsSubsequence(
            "[web] → web-config:configmap", "[web] → web:service", "[web] → web:deployment");
  }

  @Test
  void applyingTheSameObjectsAgainChangesNothing() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(web("web:devd-1111", true));
    String version = storedDeployment("web").getMetadata().getResourceVersion();
    String configVersion = storedConfigMap("web-config").getMetadata().getResourceVersion();
    cluster.takeRequests();

    applier.apply(web("web:devd-1111", true));

    assertThat(cluster.takeRequests())
        .as("requests of the second apply")
        .noneMatch(MockCluster.Request::writes);
    assertThat(storedDeployment("web").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(storedConfigMap("web-config").getMetadata().getResourceVersion())
        .isEqualTo(configVersion);
  }

  @Test
  void aChangedImageReachesTheStoredDeployment() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(web("web:devd-1111", false));
    String uid = storedDeployment("web").getMetadata().getUid();

    applier.apply(web("web:devd-2222", false));

    Deployment stored = storedDeployment("web");
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("web:devd-2222");
    assertThat(stored.getMetadata().getUid()).as("updated in place, not re-created").isEqualTo(uid);
  }

  @Test
  void anObjectDroppedFromTheYamlIsDeletedAfterTheApply() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(web("web:devd-1111", true));

    AppliedResources applied = applier.apply(web("web:devd-1111", false));

    assertThat(storedConfigMap("web-config")).isNull();
    assertThat(storedDeployment("web")).isNotNull();
    assertThat(applied.objects()).extracting(ObjectRef::name).containsExactly("web", "web");
    assertThat(console.lines())
        .contains("[web] deleted web-config:configmap: it is no longer in the YAML");
  }

  @Test
  void pruningRemembersWhatWasAppliedAcrossARestart() throws Exception {
    newApplier(target).apply(web("web:devd-1111", true));
    target.close();
    assertThat(stateDir().resolve("applied-mock.json")).exists();

    // A new devd: a new target, client and applier; only the state file connects it to the first
    // run.
    try (KubeTarget restarted = cluster.target()) {
      newApplier(restarted).apply(web("web:devd-1111", false));
    }

    assertThat(storedConfigMap("web-config")).isNull();
    assertThat(Files.readString(stateDir().resolve("applied-mock.json")))
        .doesNotContain("web-config")
        .contains("\"Deployment\"");
  }

  @Test
  void anObjectSomeoneElseNowOwnsIsNotPruned() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(web("web:devd-1111", true));
    cluster
        .client()
        .configMaps()
        .inNamespace("default")
        .withName("web-config")
        .edit(
            map ->
                new ConfigMapBuilder(map)
                    .editMetadata()
                    .withLabels(Map.of("owner", "someone"))
                    .endMetadata()
                    .build());

    applier.apply(web("web:devd-1111", false));

    assertThat(storedConfigMap("web-config")).isNotNull();
  }

  @Test
  void appliesKindsInOrderNamespaceFirstWorkloadsLateTheRestLast() throws Exception {
    // Written in the reverse of the order they must reach the cluster in.
    RenderedManifests manifests =
        TestManifests.of(
            "api",
            """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: api, namespace: team}
        spec: {rules: [{host: api.local}]}
        ---
        """
                + TestManifests.deployment("api", "api:devd-1")
                    .replace("metadata: {name: api}", "metadata: {name: api, namespace: team}")
                + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: team}
        spec: {selector: {app: api}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: api-secret, namespace: team}
        stringData: {token: t}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: api-config, namespace: team}
        data: {a: b}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: api, namespace: team}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: api}
        subjects: [{kind: ServiceAccount, name: api, namespace: team}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: api, namespace: team}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: team}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team}
        """);
    cluster.takeRequests();

    AppliedResources applied = newApplier(target).apply(manifests);

    List<String> creates =
        cluster.takeRequests().stream()
            .filter(request -> request.method().equals("POST"))
            .map(MockCluster.Request::path)
            .toList();
    assertThat(creates)
        .containsExactly(
            "/api/v1/namespaces",
            "/api/v1/namespaces/team/serviceaccounts",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings",
            "/api/v1/namespaces/team/configmaps",
            "/api/v1/namespaces/team/secrets",
            "/api/v1/namespaces/team/services",
            "/apis/apps/v1/namespaces/team/deployments",
            "/apis/networking.k8s.io/v1/namespaces/team/ingresses");
    assertThat(applied.namespace()).isEqualTo("team");
    assertThat(applied.objects().getFirst())
        .isEqualTo(new ObjectRef("v1", "Namespace", "", "team"));
  }

  @Test
  @DisplayName(
      "falls back to create-or-replace when the server answers 415 to server-side apply "
          + "(the mock cannot imitate a real server's server-side apply: field ownership, conflict detection, merging lists by key)")
  void fallsBackToCreateOrReplaceWhenServerSideApplyIsRejected() throws Exception {
    // Both exist already, so the mock answers the apply PATCH with 415 Unsupported Media Type (for
    // a missing object it
    // would answer 404, the other path into the fallback).
    var serialization = cluster.client().getKubernetesSerialization();
    cluster
        .client()
        .resource(
            serialization.convertValue(
                TestManifests.of("web", TestManifests.deployment("web", "web:old"))
                    .objects()
                    .getFirst()
                    .body(),
                GenericKubernetesResource.class))
        .inNamespace("default")
        .create();
    cluster
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("web-config").endMetadata().build())
        .create();
    cluster.takeRequests();
    Applier applier = newApplier(target);
    assertThat(applier.usesServerSideApply()).isTrue();

    try (ConsoleCapture details = ConsoleCapture.details()) {
      applier.apply(web("web:devd-3333", true));
      applier.apply(web("web:devd-4444", true));

      assertThat(details.lines())
          .filteredOn(line -> line.contains("server-side apply"))
          .containsExactly(
              "the cluster of context \"mock\" does not take server-side apply (it answered 415 Unsupported Media Type); "
                  + "devd creates or replaces objects instead for the rest of this session");
    }

    List<MockCluster.Request> requests = cluster.takeRequests();
    List<MockCluster.Request> applies =
        requests.stream().filter(request -> request.method().equals("PATCH")).toList();
    assertThat(applies).as("one apply PATCH, then no more for the rest of the session").hasSize(1);
    assertThat(applies.getFirst().contentType()).startsWith("application/apply-patch+yaml");
    assertThat(applies.getFirst().path())
        .isEqualTo("/api/v1/namespaces/default/configmaps/web-config?fieldManager=devd&force=true");
    assertThat(requests)
        .filteredOn(request -> request.method().equals("PUT"))
        .extracting(MockCluster.Request::path)
        .containsExactly(
            "/api/v1/namespaces/default/configmaps/web-config",
            "/apis/apps/v1/namespaces/default/deployments/web",
            "/apis/apps/v1/namespaces/default/deployments/web");
    assertThat(applier.usesServerSideApply()).isFalse();
    assertThat(
            storedDeployment("web")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getImage())
        .isEqualTo("web:devd-4444");
    assertThat(storedConfigMap("web-config").getData()).containsEntry("greeting", "hello");
  }

  @Test
  void anImmutableFieldErrorDeletesTheObjectAndCreatesItAgain() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(migration("migrate:v1"));
    String uid = storedJob().getMetadata().getUid();
    // Scripted: the CRUD mock checks no immutable fields, so this is the answer a real API server
    // gives to a changed
    // Job template, set up for exactly the one replace of the Job that the next apply makes.
    cluster
        .server()
        .expect()
        .put()
        .withPath("/apis/batch/v1/namespaces/default/jobs/migrate")
        .andReturn(422, invalid("spec.template", "field is immutable"))
        .once();
    cluster.takeRequests();

    applier.apply(migration("migrate:v2"));

    Job stored = storedJob();
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("migrate:v2");
    assertThat(stored.getMetadata().getUid()).as("a new object").isNotEqualTo(uid);
    assertThat(console.lines())
        .contains(
            "[migrate] migrate:job has a field that cannot change (spec.template); deleting it and creating it again",
            "[migrate] → migrate:job");
    MockCluster.Request delete =
        cluster.takeRequests().stream()
            .filter(request -> request.method().equals("DELETE"))
            .findFirst()
            .orElseThrow();
    assertThat(delete.body()).contains("\"propagationPolicy\":\"Foreground\"");
  }

  @Test
  void aRefusedObjectIsReportedWithTheServersMessageAndNothingIsPruned() throws Exception {
    Applier applier = newApplier(target);
    applier.apply(web("web:devd-1111", true));
    int linesBefore = console.lines().size();
    // Scripted: the mock validates nothing; this is a real API server's answer to an invalid
    // Deployment.
    cluster
        .server()
        .expect()
        .put()
        .withPath("/apis/apps/v1/namespaces/default/deployments/web")
        .andReturn(422, invalid("spec.replicas", "must be greater than or equal to 0"))
        .once();

    assertThatThrownBy(() -> applier.apply(web("web:devd-2222", false)))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "cannot apply web:deployment in namespace default from k8s/web.yaml: Deployment.apps \"web\" is "
                + "invalid: spec.replicas: must be greater than or equal to 0; fix it in k8s/web.yaml and save to try again");
    assertThat(storedConfigMap("web-config")).as("not pruned after a failed apply").isNotNull();
    assertThat(console.lines().subList(linesBefore, console.lines().size()))
        .containsExactly("[web] → web:service")
        .doesNotContain("[web] → web:deployment");
  }

  private RenderedManifests withConfigMap(String other) throws Exception {
    return TestManifests.read(
        project(),
        "web",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data: {greeting: hello}
        ---
        """
            + other);
  }

  private Path project() {
    return temp.resolve("project");
  }

  private String webYaml() {
    return project().resolve("k8s/web.yaml").toString();
  }

  private void assertNothingWritten() throws InterruptedException {
    assertThat(storedConfigMap("web-config")).as("the good ConfigMap").isNull();
    assertThat(cluster.takeRequests()).as("requests").noneMatch(MockCluster.Request::writes);
  }

  @Test
  @DisplayName(
      "an object of a kind the cluster does not serve, beside a good ConfigMap, applies nothing (the mock "
          + "answers discovery with empty lists; fabric8's own lookup of the kind fails there, as against a real server)")
  void anUnknownKindBesideAGoodObjectAppliesNothing() throws Exception {
    RenderedManifests manifests =
        withConfigMap(
            """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: web-widget}
        spec: {size: 3}
        """);
    cluster.takeRequests();

    assertThatThrownBy(() -> newApplier(target).apply(manifests))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            webYaml()
                + ":6: web-widget:widget: the cluster serves no kind Widget in example.com/v1; check "
                + "apiVersion and kind, or install the CustomResourceDefinition that defines it first; nothing of web was "
                + "applied; what runs stays as it was");
    assertNothingWritten();
  }

  @Test
  void aBadApiVersionBesideAGoodObjectAppliesNothing() throws Exception {
    RenderedManifests manifests =
        withConfigMap(TestManifests.deployment("web", "web:devd-1").replace("apps/v1", "apps/v2"));
    cluster.takeRequests();

    assertThatThrownBy(() -> newApplier(target).apply(manifests))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            webYaml()
                + ":6: web:deployment: the cluster serves no kind Deployment in apps/v2; check "
                + "apiVersion and kind, or install the CustomResourceDefinition that defines it first; nothing of web was "
                + "applied; what runs stays as it was");
    assertNothingWritten();
  }

  @Test
  @DisplayName(
      "with discovery documents as a real server serves them (scripted: the mock has none), an apiVersion "
          + "the server no longer serves and a misspelt kind are both named, and nothing is applied")
  void discoveryNamesEveryObjectTheServerDoesNotServe() throws Exception {
    serveDiscovery("/api/v1", "v1", "ConfigMap:configmaps", "Service:services");
    serveDiscovery(
        "/apis/apps/v1", "apps/v1", "Deployment:deployments", "StatefulSet:statefulsets");
    cluster
        .server()
        .expect()
        .get()
        .withPath("/apis/extensions/v1beta1")
        .andReturn(404, notFound())
        .always();
    RenderedManifests manifests =
        withConfigMap(
            """
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: web}
        spec: {rules: [{host: web.local}]}
        ---
        apiVersion: apps/v1
        kind: Deploymnet
        metadata: {name: web}
        """);
    cluster.takeRequests();

    assertThatThrownBy(() -> newApplier(target).apply(manifests))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "nothing of web was applied; what runs stays as it was; 2 objects would fail:\n"
                + "  "
                + webYaml()
                + ":6: web:ingress: the cluster serves no apiVersion extensions/v1beta1; check the "
                + "apiVersion (`kubectl --context mock api-versions` lists those it serves), or install the "
                + "CustomResourceDefinition that defines it first\n"
                + "  "
                + webYaml()
                + ":11: web:deploymnet: the cluster serves no kind Deploymnet in apps/v1; did you mean "
                + "Deployment? check apiVersion and kind, or install the CustomResourceDefinition that defines it first");
    assertNothingWritten();
  }

  @Test
  void discoveryIsAskedOncePerApiVersionAndSession() throws Exception {
    serveDiscovery("/api/v1", "v1", "ConfigMap:configmaps", "Service:services");
    serveDiscovery("/apis/apps/v1", "apps/v1", "Deployment:deployments");
    Applier applier = newApplier(target);
    cluster.takeRequests();

    applier.apply(web("web:devd-1111", true));
    applier.apply(web("web:devd-2222", true));

    assertThat(cluster.takeRequests())
        .filteredOn(
            request ->
                request.path().startsWith("/api/v1") && !request.path().contains("/namespaces/")
                    || request.path().equals("/apis/apps/v1"))
        .extracting(MockCluster.Request::path)
        .containsExactlyInAnyOrder("/api/v1", "/apis/apps/v1");
  }

  @Test
  @DisplayName(
      "an object the server refuses in a dry run applies nothing (scripted: the mock knows neither dry runs "
          + "nor server-side apply, so /version and the dry-run answers are what a real server gives; a real server's "
          + "validation and admission are what the dry run actually runs)")
  void anObjectRefusedInADryRunAppliesNothing() throws Exception {
    cluster
        .server()
        .setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    assertARefusedDryRunAppliesNothing();
  }

  @Test
  @DisplayName(
      "where discovery names the kinds, each object goes as one dry run and one apply with the same body "
          + "(scripted: the mock knows neither server-side apply nor discovery)")
  void withDiscoveryEachObjectIsADryRunThenAnApplyOfTheSameBody() throws Exception {
    cluster
        .server()
        .setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    serveDiscovery("/api/v1", "v1", "ConfigMap:configmaps");
    serveDiscovery("/apis/apps/v1", "apps/v1", "Deployment:deployments");
    String config = "/api/v1/namespaces/default/configmaps/web-config?fieldManager=devd";
    String deployment = "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=devd";
    for (String path : List.of(config + "&dryRun=All&force=true", config + "&force=true")) {
      cluster
          .server()
          .expect()
          .patch()
          .withPath(path)
          .andReturn(
              200,
              new ConfigMapBuilder().withNewMetadata().withName("web-config").endMetadata().build())
          .always();
    }
    for (String path : List.of(deployment + "&dryRun=All&force=true", deployment + "&force=true")) {
      cluster.server().expect().patch().withPath(path).andReturn(200, "{}").always();
    }
    Applier applier = newApplier(target);
    cluster.takeRequests();

    applier.apply(withConfigMap(TestManifests.deployment("web", "web:devd-1")));

    List<MockCluster.Request> writes =
        cluster.takeRequests().stream().filter(MockCluster.Request::writes).toList();
    assertThat(writes)
        .extracting(MockCluster.Request::path)
        .containsExactly(
            config + "&dryRun=All&force=true",
            deployment + "&dryRun=All&force=true",
            config + "&force=true",
            deployment + "&force=true");
    assertThat(writes)
        .extracting(MockCluster.Request::contentType)
        .allMatch(type -> type.startsWith("application/apply-patch+yaml"));
    assertThat(writes.get(0).body())
        .isEqualTo(writes.get(2).body())
        .contains("\"namespace\":\"default\"")
        .contains("\"kind\":\"ConfigMap\"");
    assertThat(writes.get(1).body())
        .isEqualTo(writes.get(3).body())
        .contains("\"image\":\"web:devd-1\"");
  }

  @Test
  void withDiscoveryARefusedDryRunIsReportedAsWithoutIt() throws Exception {
    cluster
        .server()
        .setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    serveDiscovery("/api/v1", "v1", "ConfigMap:configmaps");
    serveDiscovery("/apis/apps/v1", "apps/v1", "Deployment:deployments");
    assertARefusedDryRunAppliesNothing();
  }

  /**
   * The server takes dry runs (the caller sets /version): the Deployment is refused in its dry run,
   * so nothing goes.
   */
  private void assertARefusedDryRunAppliesNothing() throws Exception {
    cluster
        .server()
        .expect()
        .patch()
        .withPath(
            "/api/v1/namespaces/default/configmaps/web-config?fieldManager=devd&dryRun=All&force=true")
        .andReturn(
            200,
            new ConfigMapBuilder().withNewMetadata().withName("web-config").endMetadata().build())
        .always();
    cluster
        .server()
        .expect()
        .patch()
        .withPath(
            "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=devd&dryRun=All&force=true")
        .andReturn(422, invalid("spec.replicas", "must be greater than or equal to 0"))
        .always();
    RenderedManifests manifests = withConfigMap(TestManifests.deployment("web", "web:devd-1"));
    cluster.takeRequests();

    assertThatThrownBy(() -> newApplier(target).apply(manifests))
        .isInstanceOf(ClusterException.class)
        .hasMessage(
            "cannot apply web:deployment in namespace default from "
                + webYaml()
                + ":6: Deployment.apps "
                + "\"web\" is invalid: spec.replicas: must be greater than or equal to 0; fix it in "
                + webYaml()
                + ":6 and save to try again; nothing of web was applied; what runs stays as it was");
    assertThat(storedConfigMap("web-config")).as("the good ConfigMap").isNull();
    assertThat(cluster.takeRequests())
        .as("writes other than dry runs")
        .filteredOn(MockCluster.Request::writes)
        .allMatch(request -> request.path().contains("dryRun=All"));
  }

  private void serveDiscovery(String path, String groupVersion, String... kinds) {
    List<APIResource> resources = new java.util.ArrayList<>();
    for (String kind : kinds) {
      String[] parts = kind.split(":");
      resources.add(
          new APIResourceBuilder()
              .withKind(parts[0])
              .withName(parts[1])
              .withNamespaced(true)
              .withVerbs("create", "get", "list", "update", "patch", "delete")
              .build());
    }
    cluster
        .server()
        .expect()
        .get()
        .withPath(path)
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build())
        .always();
  }

  private static Status notFound() {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(404)
        .withReason("NotFound")
        .withMessage("the server could not find the requested resource")
        .build();
  }

  @Test
  void anUnreachableClusterIsNamedWithItsContextAndHowToCheckIt() throws Exception {
    int closedPort;
    try (var socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Path kubeconfig =
        Files.writeString(
            temp.resolve("closed-kubeconfig"),
            Files.readString(cluster.kubeconfig())
                .replace(":" + cluster.server().getPort() + "\"", ":" + closedPort + "\""));
    try (KubeTarget closed =
        KubeTarget.load(
            List.of(kubeconfig), java.util.Optional.empty(), java.util.Optional.empty())) {
      assertThatThrownBy(() -> newApplier(closed).apply(web("web:devd-1111", false)))
          .isInstanceOf(ClusterException.class)
          .hasMessage(
              "cannot apply web:service in namespace default from k8s/web.yaml: cannot reach the cluster of "
                  + "context \"mock\" at http://127.0.0.1:"
                  + closedPort
                  + " (connection refused); is it running? "
                  + "`kubectl --context mock cluster-info` shows what kubectl sees");
    }
  }

  private static RenderedManifests migration(String image) {
    return TestManifests.of(
        "migrate",
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          template:
            metadata: {labels: {devd.dev/resource: migrate}}
            spec:
              restartPolicy: Never
              containers: [{name: main, image: "%s"}]
        """
            .formatted(image));
  }

  private Job storedJob() {
    return cluster.client().batch().v1().jobs().inNamespace("default").withName("migrate").get();
  }

  private static Status invalid(String field, String problem) {
    String kind = field.equals("spec.template") ? "Job" : "Deployment";
    String name = kind.equals("Job") ? "migrate" : "web";
    String group = kind.equals("Job") ? "batch" : "apps";
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(422)
        .withReason("Invalid")
        .withMessage(kind + "." + group + " \"" + name + "\" is invalid: " + field + ": " + problem)
        .withNewDetails()
        .withName(name)
        .withGroup(group)
        .withKind(kind)
        .addNewCause()
        .withField(field)
        .withReason("FieldValueInvalid")
        .withMessage(problem)
        .endCause()
        .endDetails()
        .build();
  }
}
