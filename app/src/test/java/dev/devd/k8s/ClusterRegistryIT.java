package dev.devd.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.testing.ConsoleCapture;
import dev.devd.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterRegistryIT {
  @TempDir Path temp;
  private MockCluster cluster;
  private KubeTarget target;

  @BeforeEach
  void setUp() throws Exception {
    cluster = MockCluster.start(temp);
    target = cluster.target();
  }

  @AfterEach
  void tearDown() {
    target.close();
    cluster.close();
  }

  private void announce(String yaml) {
    cluster
        .client()
        .configMaps()
        .inNamespace("kube-public")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("local-registry-hosting")
                .withNamespace("kube-public")
                .endMetadata()
                .addToData("localRegistryHosting.v1", yaml)
                .build())
        .create();
  }

  @Test
  void readsTheRegistryAKindClusterAnnounces() throws Exception {
    announce(
        """
        host: "localhost:5001"
        hostFromContainerRuntime: "kind-registry:5000"
        help: "https://kind.sigs.k8s.io/docs/user/local-registry/"
        """);

    Optional<LocalRegistry> registry = new ClusterRegistry(target).discover();

    assertThat(registry)
        .contains(
            new LocalRegistry(
                "localhost:5001",
                Optional.of("kind-registry:5000"),
                Optional.empty(),
                Optional.of("https://kind.sigs.k8s.io/docs/user/local-registry/")));
    assertThat(registry.get().hostForCluster()).isEqualTo("kind-registry:5000");
  }

  @Test
  void aRegistryReachableUnderOneNameIsPushedToAndPulledFromThere() throws Exception {
    announce("host: localhost:5000\n");

    assertThat(new ClusterRegistry(target).discover())
        .map(LocalRegistry::hostForCluster)
        .contains("localhost:5000");
  }

  @Test
  void noConfigMapMeansNoRegistry() throws Exception {
    assertThat(new ClusterRegistry(target).discover()).isEmpty();
  }

  @Test
  void anAnnouncementWithoutHostIsIgnoredWithAWarning() throws Exception {
    announce("help: https://example.com\n");
    try (ConsoleCapture console = new ConsoleCapture()) {
      assertThat(new ClusterRegistry(target).discover()).isEmpty();
      assertThat(console.lines())
          .containsExactly(
              "ignoring the ConfigMap kube-public/local-registry-hosting "
                  + "(data.localRegistryHosting.v1) of context \"mock\": it names no host");
    }
  }
}
