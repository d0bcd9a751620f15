package dev.devd.runtime;

import dev.devd.config.ProjectConfig;
import dev.devd.config.ResourceOptions;
import dev.devd.console.ResourceLog;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a resource's {@code portForwards}: the local address to listen on and the container
 * port it reaches. Written {@code "8000"} (the same port on both sides), {@code "8000:80"} or
 * {@code "127.0.0.1:8000:80"}; the host defaults to 127.0.0.1 so a forward is not reachable from
 * other machines unless the user asks for it.
 */
public record ForwardedPort(String host, int localPort, int containerPort) {
  public static final String DEFAULT_HOST = "127.0.0.1";

  public ForwardedPort {
    if (host == null || host.isBlank())
      throw new IllegalArgumentException("a forwarded port needs a host");
    checkPort(localPort);
    checkPort(containerPort);
  }

  /**
   * The {@code portForwards} of a resource in devd.yaml; an entry devd cannot read is an error line
   * naming it and the key to fix, and is left out.
   */
  public static List<ForwardedPort> of(ProjectConfig config, String resource, ResourceLog log) {
    List<ForwardedPort> ports = new ArrayList<>();
    for (String text :
        config.resources().getOrDefault(resource, ResourceOptions.DEFAULTS).portForwards()) {
      try {
        ports.add(parse(text));
      } catch (InvalidPortForwardException e) {
        log.error("{}; fix resources.{}.portForwards in devd.yaml", e.getMessage(), resource);
      }
    }
    return ports;
  }

  /** Reads {@code 8000}, {@code 8000:80} or {@code 127.0.0.1:8000:80}. */
  public static ForwardedPort parse(String text) {
    String[] parts = text.trim().split(":", -1);
    if (parts.length > 3) {
      throw new InvalidPortForwardException(
          text, "it has " + parts.length + " parts; it takes at most 3");
    }
    String host = parts.length == 3 ? parts[0] : DEFAULT_HOST;
    if (host.isBlank() || host.contains(" "))
      throw new InvalidPortForwardException(text, "\"" + host + "\" is not a host");
    int container = port(text, parts[parts.length - 1]);
    int local = parts.length == 1 ? container : port(text, parts[parts.length - 2]);
    return new ForwardedPort(host, local, container);
  }

  /** How the forward reads on the terminal: {@code http://127.0.0.1:8000}. */
  public String localUrl() {
    return "http://" + host + ":" + localPort;
  }

  private static int port(String text, String part) {
    boolean digits =
        !part.isEmpty() && part.length() <= 5 && part.chars().allMatch(c -> c >= '0' && c <= '9');
    int port = digits ? Integer.parseInt(part) : -1;
    if (port < 1 || port > 65535) {
      throw new InvalidPortForwardException(text, "\"" + part + "\" is not a port (1 to 65535)");
    }
    return port;
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535)
      throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
  }
}
