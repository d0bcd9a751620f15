package dev.devd.liveupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.devd.image.ImageCommand;
import dev.devd.image.ImageRef;
import dev.devd.render.ContainerEdits;
import dev.devd.render.K8sObject;
import dev.devd.render.RenderedManifests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Wrapping containers of images with restartProcess in the supervisor, at render time. */
class ProcessSupervisorWrapTest {
  private static final ImageRef WEB = ImageRef.parse("web:devd-0123456789abcdef");
  private static final Function<ImageRef, Optional<ImageCommand>> NOT_ASKED =
      image -> {
        throw new AssertionError(
            "the image's own command was not needed, yet devd asked for " + image);
      };

  @Test
  void theYamlsCommandAndArgsBecomeTheSupervisorsArgs() throws Exception {
    RenderedManifests rendered =
        deployment(
            "{name: web, image: 'web:devd-0123456789abcdef', command: [/app/server,"
                + " --dev], args: [--port, '80'], env: [{name: MODE, value: dev}]}");

    Map<String, Object> container = only(ProcessSupervisor.wrap(rendered, Set.of(WEB), NOT_ASKED));

    assertThat(container.get("command"))
        .isEqualTo(List.of("/bin/sh", "-c", ProcessSupervisor.SCRIPT, "devd-restart-supervisor"));
    assertThat(container.get("args")).isEqualTo(List.of("/app/server", "--dev", "--port", "80"));
    assertThat(container.get("env"))
        .isEqualTo(
            List.of(
                Map.of("name", "MODE", "value", "dev"),
                Map.of("name", "DEVD_RESTART_PIDFILE", "value", "/dev/shm/devd-restart-web.pid")));
    assertThat(only(rendered))
        .as("the input is left as it was")
        .containsEntry("command", List.of("/app/server", "--dev"));
  }

  @Test
  void withoutACommandTheImagesEntrypointRunsWithTheArgsOrTheImagesCmd() throws Exception {
    Function<ImageRef, Optional<ImageCommand>> image =
        ref -> Optional.of(new ImageCommand(List.of("/app/start.sh"), List.of("--default")));

    Map<String, Object> plain =
        only(
            ProcessSupervisor.wrap(
                deployment("{name: web, image: 'web:devd-0123456789abcdef'}"), Set.of(WEB), image));
    Map<String, Object> withArgs =
        only(
            ProcessSupervisor.wrap(
                deployment("{name: web, image: 'web:devd-0123456789abcdef', args: [--port, '80']}"),
                Set.of(WEB),
                image));

    assertThat(plain.get("args")).isEqualTo(List.of("/app/start.sh", "--default"));
    assertThat(withArgs.get("args")).isEqualTo(List.of("/app/start.sh", "--port", "80"));
  }

  @Test
  void anImageWhoseEntrypointCannotBeReadIsAProblemThatSaysWhatToDo() {
    RenderedManifests rendered = deployment("{name: web, image: 'web:devd-0123456789abcdef'}");

    assertThatThrownBy(() -> ProcessSupervisor.wrap(rendered, Set.of(WEB), ref -> Optional.empty()))
        .isInstanceOf(ProcessRestartException.class)
        .hasMessage(
            "restartProcess: devd cannot tell what container \"web\" of web runs: its YAML names no command,"
                + " and web:devd-0123456789abcdef is not in the local image store to read its entrypoint from; write the"
                + " command in the container's YAML (command: [...]), or set entrypoint on the image in devd.yaml");
  }

  @Test
  void containersOfOtherImagesStayAsTheyAre() throws Exception {
    RenderedManifests rendered = deployment("{name: db, image: 'postgres:16'}");

    assertThat(ProcessSupervisor.wrap(rendered, Set.of(WEB), NOT_ASKED).objects().getFirst())
        .isSameAs(rendered.objects().getFirst());
    assertThat(ProcessSupervisor.wrappedImages(rendered)).isEmpty();
  }

  private static Map<String, Object> only(RenderedManifests rendered) {
    List<Map<String, Object>> containers = ContainerEdits.all(rendered);
    assertThat(containers).hasSize(1);
    return containers.getFirst();
  }

  @SuppressWarnings("unchecked")
  private static RenderedManifests deployment(String container) {
    Map<String, Object> body =
        (Map<String, Object>)
            new Load(LoadSettings.builder().build())
                .loadFromString(
                    """
        {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {template: {spec: {containers: [%s]}}}}
        """
                        .formatted(container));
    return new RenderedManifests(
        "web",
        List.of(
            new K8sObject(
                "apps/v1", "Deployment", "web", Optional.empty(), body, Path.of("k8s/web.yaml"))));
  }
}
