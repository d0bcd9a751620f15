package dev.devd.cli;

import dev.devd.wiring.RuntimeChooser;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of commands that deploy: which kubeconfig context and namespace. */
public final class ClusterOptions {
  @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: the current one)")
  String context;

  @Option(names = "--namespace", paramLabel = "NAME", description = "the namespace for objects that name none (default: the context's)")
  String namespace;

  RuntimeChooser chooser() {
    return new RuntimeChooser(Optional.ofNullable(context), Optional.ofNullable(namespace));
  }
}
