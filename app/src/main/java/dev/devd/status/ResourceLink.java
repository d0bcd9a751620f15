package dev.devd.status;

import java.net.URI;
import java.util.Objects;

/**
 * A URL where a resource can be seen, shown as a link on the status page: a port-forward's local
 * port, or one of the resource's {@code links} in devd.yaml. Only http and https URLs are links, so
 * the page never holds a {@code javascript:} one.
 *
 * @param label what the page shows beside the URL, e.g. {@code port-forward 8000 → 80}; empty for
 *     none
 */
public record ResourceLink(String url, String label) {
  public ResourceLink {
    Objects.requireNonNull(label, "label");
    URI parsed;
    try {
      parsed = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid link \"" + url + "\": " + e.getMessage(), e);
    }
    String scheme = parsed.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || parsed.getHost() == null) {
      throw new IllegalArgumentException(
          "invalid link \"" + url + "\": write an http:// or https:// URL with a host");
    }
  }

  /**
   * A link to a port forwarded from {@code host:localPort} on this machine to {@code containerPort}
   * of the resource (a forward on every address, 0.0.0.0 or ::, is linked at 127.0.0.1).
   */
  public static ResourceLink portForward(String host, int localPort, int containerPort) {
    String shown =
        host.equals("0.0.0.0") || host.equals("::")
            ? "127.0.0.1"
            : host.contains(":") ? "[" + host + "]" : host;
    return new ResourceLink(
        "http://" + shown + ":" + localPort + "/",
        "port-forward " + localPort + " → " + containerPort);
  }

  /** One of the resource's configured {@code links}, shown as its URL. */
  public static ResourceLink of(String url) {
    return new ResourceLink(url, "");
  }
}
