package dev.devd.wiring;

import dev.devd.exec.ProcessRunner;
import dev.devd.image.CliImageStore;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStores;
import dev.devd.podman.PodmanImageStore;
import java.util.List;

/**
 * The local image store of devd's builds: docker's when its engine answers, else podman's, found on
 * first use.
 */
public final class LocalImageStores {
  private LocalImageStores() {}

  /** Docker first, as most custom build commands call docker. */
  public static ImageStore detect(ProcessRunner runner) {
    return ImageStores.detect(
        List.of(CliImageStore.docker(runner), PodmanImageStore.create(runner)));
  }
}
