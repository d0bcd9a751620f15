package dev.devd.k8s;

import dev.devd.runtime.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns what the cluster (or the way to it) answered into a message for the person at the terminal:
 * which object, what the server said, and what to do about it.
 */
final class FailureDescriber {
  private FailureDescriber() {}

  static ClusterException applying(
      PreparedObject object, KubernetesClientException e, KubeTarget target) {
    ObjectRef ref = object.ref();
    String what = "cannot apply " + ref.shown() + where(ref) + " from " + object.origin();
    return new ClusterException(
        what
            + ": "
            + explain(e, ref, target, "fix it in " + object.origin() + " and save to try again"),
        e);
  }

  static ClusterException deleting(ObjectRef ref, KubernetesClientException e, KubeTarget target) {
    return new ClusterException(
        "cannot delete "
            + ref.shown()
            + where(ref)
            + ": "
            + explain(
                e,
                ref,
                target,
                "delete it by hand (`kubectl --context "
                    + target.context()
                    + " delete "
                    + kubectlName(ref)
                    + "`)"),
        e);
  }

  static ClusterException reading(String what, KubernetesClientException e, KubeTarget target) {
    return new ClusterException(
        "cannot read " + what + ": " + explain(e, null, target, "try again"), e);
  }

  /**
   * What the server said, without fabric8's "Failure executing: VERB at: URL" wrapping when a
   * Status came back.
   */
  static String serverMessage(KubernetesClientException e) {
    if (e.getStatus() != null
        && e.getStatus().getMessage() != null
        && !e.getStatus().getMessage().isBlank()) {
      return e.getStatus().getMessage();
    }
    if (ioCause(e) != null) return connectionProblem(e);
    return e.getMessage();
  }

  /**
   * The JDK's HTTP client often gives its connection errors no message; their class says what
   * happened.
   */
  private static String connectionProblem(Throwable e) {
    String firstMessage = null;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException) return "connection refused";
      if (cause instanceof java.net.UnknownHostException)
        return "unknown host " + cause.getMessage();
      if (cause instanceof java.net.http.HttpTimeoutException
          || cause instanceof java.net.SocketTimeoutException) {
        return "no answer in time";
      }
      if (cause instanceof IOException && firstMessage == null && cause.getMessage() != null)
        firstMessage = cause.getMessage();
    }
    return firstMessage != null ? firstMessage : ioCause(e).getClass().getSimpleName();
  }

  private static String explain(
      KubernetesClientException e, ObjectRef ref, KubeTarget target, String fixIt) {
    String message = serverMessage(e);
    String lower = message.toLowerCase(Locale.ROOT);
    if (ioCause(e) != null && e.getCode() <= 0) {
      return "cannot reach the cluster of context \""
          + target.context()
          + "\""
          + target.server().map(url -> " at " + url).orElse("")
          + " ("
          + message
          + "); is it running? `kubectl --context "
          + target.context()
          + " cluster-info` shows what kubectl sees";
    }
    if (ref != null && lower.contains("could not find a registered handler")) {
      return "the cluster does not serve kind "
          + ref.kind()
          + " ("
          + ref.apiVersion()
          + "); check apiVersion and kind, "
          + "or install the CustomResourceDefinition that defines it first";
    }
    return switch (e.getCode()) {
      case 401 ->
          message
              + "; the cluster refused the credentials of context \""
              + target.context()
              + "\": log in again or refresh that kubeconfig entry";
      case 403 ->
          message
              + "; the user of context \""
              + target.context()
              + "\" may not do this: grant it the "
              + "permission (RBAC) or use another context";
      case 404 ->
          lower.contains("namespaces \"") && lower.contains("not found")
              ? message
                  + "; create the namespace (`kubectl --context "
                  + target.context()
                  + " create namespace NAME`) or "
                  + "add a Namespace object to your YAML (devd applies namespaces first)"
              : message
                  + (ref == null
                      ? "; " + fixIt
                      : "; the cluster does not serve kind "
                          + ref.kind()
                          + " ("
                          + ref.apiVersion()
                          + "): check apiVersion and kind, or install the CustomResourceDefinition that defines it first");
      case 400, 422 -> message + "; " + fixIt;
      case 409 -> message + "; it changed in the cluster at the same moment: save to try again";
      default ->
          message
              + (e.getCode() >= 500 ? " (HTTP " + e.getCode() + ")" : "")
              + "; the cluster could not do it: save to try again, and look at the cluster if it keeps failing";
    };
  }

  private static String where(ObjectRef ref) {
    return ref.namespace().isEmpty() ? "" : " in namespace " + ref.namespace();
  }

  static String kubectlName(ObjectRef ref) {
    String group =
        ref.apiVersion().contains("/")
            ? "." + ref.apiVersion().substring(0, ref.apiVersion().indexOf('/'))
            : "";
    return ref.kind().toLowerCase(Locale.ROOT)
        + group
        + "/"
        + ref.name()
        + (ref.namespace().isEmpty() ? "" : " -n " + ref.namespace());
  }

  private static Throwable ioCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) return cause;
    }
    return null;
  }
}
