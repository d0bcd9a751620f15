package dev.devd.k8s;

import dev.devd.runtime.DeployException;

/**
 * The cluster could not be used, or refused a change: the message names the context or object, what
 * the server said, and what to do, for the person at the terminal.
 */
public final class ClusterException extends DeployException {
  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
