package dev.devd.image;

import java.util.Locale;
import java.util.Set;

/**
 * What devd assumes about a registry from its host name alone: loopback registries speak plain
 * HTTP.
 */
public final class RegistryHosts {
  // Docker treats these as insecure registries without being told; registries started for
  // development listen here.
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private RegistryHosts() {}

  /**
   * {@code localhost:5000}, {@code 127.0.0.1}, {@code [::1]:5000} → true; any other host → false.
   */
  public static boolean isLoopback(String host) {
    return LOOPBACK.contains(withoutPort(host).toLowerCase(Locale.ROOT));
  }

  static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
