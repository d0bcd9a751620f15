package dev.devd.config;

/** Where devd runs the rendered workloads (SPEC §7). */
public enum Runtime {
  AUTO,
  KUBERNETES,
  PODMAN
}
