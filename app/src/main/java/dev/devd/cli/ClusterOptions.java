package dev.devd.cli;

import dev.devd.engine.SessionParts;
import dev.devd.wiring.SessionWiring;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of commands that deploy: which kubeconfig context and namespace. */
public final class ClusterOptions {
  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "the kubeconfig context (default: the current one)")
  String context;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description = "the namespace for objects that name none (default: the context's)")
  String namespace;

  /** The wiring options for a session that runs as {@code session} says. */
  SessionWiring.Options wiring(SessionParts.Options session) {
    return new SessionWiring.Options(
        Optional.ofNullable(context), Optional.ofNullable(namespace), session);
  }
}
