package dev.devd.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logins {@code docker login} keeps in {@code config.json}: {@code auths.<host>.auth}, base64 of
 * {@code user:password}. Credential helpers ({@code credsStore}, {@code credHelpers}) are not read.
 */
final class DockerCredentials {
  // docker login without a host stores Docker Hub's login under its old index URL.
  private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;

  DockerCredentials(Path file) {
    this.file = file;
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, as the docker CLI looks for it. */
  static Path defaultLocation() {
    String dockerConfig = System.getenv("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isBlank()) return Path.of(dockerConfig, "config.json");
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  Path file() {
    return file;
  }

  /**
   * The {@code Authorization} header value ({@code Basic …}) for {@code host}, or empty when the file or a login
   * for that host is missing.
   *
   * @throws RegistryException when the file exists but cannot be read or its entry for the host is broken
   */
  Optional<String> basicAuthorization(String host) throws RegistryException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | JacksonException e) {
      throw new RegistryException("cannot read the registry logins in " + file + ": " + e.getMessage()
          + "; fix the file or log in again with `docker login " + host + "`", false, e);
    }
    JsonNode auths = root.path("auths");
    if (!auths.isObject()) return Optional.empty();
    String wanted = keyHost(host);
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!keyHost(entry.getKey()).equals(wanted)) continue;
      Optional<String> auth = entry.getValue().path("auth").stringValueOpt().filter(a -> !a.isBlank());
      if (auth.isEmpty()) continue;
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.get().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      if (!decoded.contains(":")) {
        throw new RegistryException("the login for " + entry.getKey() + " in " + file + " is not base64 of user:password;"
            + " log in again with `docker login " + host + "`");
      }
      return Optional.of("Basic " + auth.get().strip());
    }
    return Optional.empty();
  }

  /** The host a config.json key stands for: keys may carry a scheme and a path ({@code https://host/v1/}). */
  static String keyHost(String key) {
    String host = key.strip().toLowerCase(Locale.ROOT);
    if (host.equals(DOCKER_HUB_KEY)) return "docker.io";
    int scheme = host.indexOf("://");
    if (scheme >= 0) host = host.substring(scheme + 3);
    int slash = host.indexOf('/');
    if (slash >= 0) host = host.substring(0, slash);
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io" -> "docker.io";
      default -> host;
    };
  }
}
