package dev.devd.podman;

import dev.devd.exec.ProcessRunner;
import dev.devd.image.CliImageStore;
import dev.devd.image.RegistryHosts;
import java.util.List;

/**
 * podman's local image store: docker's verbs through the {@code podman} CLI, pushing to loopback
 * registries over HTTP.
 */
public final class PodmanImageStore {
  private PodmanImageStore() {}

  /** The store of the {@code podman} CLI on devd's PATH. */
  public static CliImageStore create(ProcessRunner runner) {
    // podman insists on HTTPS unless registries.conf marks the registry insecure; a registry on
    // this machine is
    // plain HTTP in practice (docker assumes the same for loopback addresses without any flag).
    return new CliImageStore(
        runner,
        PodmanCli.PROGRAM,
        ref ->
            ref.registry().map(RegistryHosts::isLoopback).orElse(false)
                ? List.of("--tls-verify=false")
                : List.of());
  }
}
