package dev.devd.podman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.render.K8sObject;
import dev.devd.render.YamlWriter;
import dev.devd.runtime.ForwardedPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class PlayedYamlTest {
  private static final PodmanProject PROJECT = new PodmanProject(Path.of("/projects/me/shop"));

  @Test
  void aHostPortWithoutHostIpIsPublishedOnLoopbackOnlyAndSaidSo() {
    PlayedYaml.Played played =
        play(
            List.of(),
            """
        - {containerPort: 8080, hostPort: 18080}
        - {containerPort: 9090, hostPort: 19090, hostIP: 0.0.0.0}
        """);

    assertThat(ports(played))
        .isEqualTo(
            """
        - {containerPort: 8080, hostPort: 18080, hostIP: 127.0.0.1}
        - {containerPort: 9090, hostPort: 19090, hostIP: 0.0.0.0}
        """);
    assertThat(played.notes())
        .containsExactly(
            "hostPort 18080 of container web is published on 127.0.0.1 only: the"
                + " YAML names no hostIP, and podman would open it on every interface; set hostIP: 0.0.0.0 to open it to the"
                + " network");
  }

  @Test
  void aContainerPortWithoutHostPortIsLeftOutSoPodmanDoesNotPublishIt() {
    PlayedYaml.Played played =
        play(
            List.of(),
            """
        - {containerPort: 8080}
        """);

    assertThat(ports(played)).isEqualTo("[]\n");
    assertThat(played.notes())
        .containsExactly(
            "containerPort 8080 of container web is not published: podman 4.3"
                + " would open it on every interface, which Kubernetes never does; add a portForwards entry (or a hostPort)"
                + " to reach it from this machine");
  }

  @Test
  void aPortForwardBecomesAHostPortOnLoopbackOfTheContainerThatDeclaresThePort() {
    PlayedYaml.Played played =
        play(
            List.of(ForwardedPort.parse("8000:8080")),
            """
        - {containerPort: 8080, name: http}
        """);

    assertThat(ports(played))
        .isEqualTo(
            """
        - {containerPort: 8080, name: http, hostPort: 8000, hostIP: 127.0.0.1}
        """);
    assertThat(played.notes()).isEmpty();
    assertThat(played.forwards())
        .containsExactly("forwarding http://127.0.0.1:8000 → web:8080 (published by podman)");
  }

  @Test
  void aPortForwardOfAnUndeclaredPortIsPublishedOnTheFirstContainer() {
    PlayedYaml.Played played = play(List.of(ForwardedPort.parse("0.0.0.0:8000:3000")), "[]");

    assertThat(new YamlWriter().write(played.objects()))
        .contains(
            """
                - name: sidecar
                  image: side
                  ports:
                    - containerPort: 3000
                      hostPort: 8000
                      hostIP: 0.0.0.0
        """);
  }

  @Test
  void podsCarryTheProjectsLabelAndFolder() {
    PlayedYaml.Played played = play(List.of(), "[]");

    String yaml = new YamlWriter().write(played.objects());
    assertThat(yaml)
        .contains(
            "devd.dev/project: " + PROJECT.labelValue(), "devd.dev/project-dir: /projects/me/shop");
    assertThat(PROJECT.owns(Map.of("devd.dev/project", PROJECT.labelValue()))).isTrue();
    assertThat(
            new PodmanProject(Path.of("/projects/me/other"))
                .owns(Map.of("devd.dev/project", PROJECT.labelValue())))
        .isFalse();
  }

  @Test
  void podNamesAreThoseKubePlayGives() {
    List<K8sObject> objects =
        List.of(
            object("Deployment", "web", "{}"),
            object("Pod", "job", "{}"),
            object("Service", "web", "{}"));

    assertThat(PlayedYaml.podNames(objects)).containsExactly("web-pod-0", "job");
  }

  private static PlayedYaml.Played play(List<ForwardedPort> forwards, String ports) {
    String spec =
        """
        {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [
          {name: sidecar, image: side},
          {name: web, image: web, ports: %s}]}}}
        """
            .formatted(
                new Load(LoadSettings.builder().build())
                    .loadFromString(ports)
                    .toString()
                    .replace("=", ": "));
    return PlayedYaml.of("web", List.of(object("Deployment", "web", spec)), forwards, PROJECT);
  }

  @SuppressWarnings("unchecked")
  private static String ports(PlayedYaml.Played played) {
    Map<String, Object> spec = (Map<String, Object>) played.objects().getFirst().body().get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    List<Map<String, Object>> containers =
        (List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers");
    List<String> lines = new ArrayList<>();
    for (Object port : (List<Object>) containers.get(1).getOrDefault("ports", List.of())) {
      lines.add("- " + port.toString().replace("=", ": "));
    }
    return lines.isEmpty() ? "[]\n" : String.join("\n", lines) + "\n";
  }

  @SuppressWarnings("unchecked")
  private static K8sObject object(String kind, String name, String spec) {
    Map<String, Object> body =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(
                    """
        {apiVersion: v1, kind: %s, metadata: {name: %s}, spec: %s}
        """
                        .formatted(kind, name, spec));
    return new K8sObject("v1", kind, name, Optional.empty(), body, Path.of("k8s/web.yaml"));
  }
}
