package dev.devd.image;

import dev.devd.exec.ProcessRunner;
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
 * The logins {@code docker login} keeps through {@code config.json}: in a credential helper that
 * {@code credHelpers.<host>} or {@code credsStore} names (asked first, as docker does), else in
 * {@code auths.<host>.auth}, base64 of {@code user:password}.
 */
final class DockerCredentials {
  // docker login without a host stores Docker Hub's login under its old index URL.
  private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final ProcessRunner runner;
  private final Path helperFolder;

  DockerCredentials(Path file, ProcessRunner runner) {
    this(file, runner, null);
  }

  /**
   * With {@code helperFolder}, credential helpers are run from there instead of being looked up on
   * the PATH.
   */
  DockerCredentials(Path file, ProcessRunner runner, Path helperFolder) {
    this.file = file;
    this.runner = runner;
    this.helperFolder = helperFolder;
  }

  /**
   * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, as the docker CLI looks
   * for it.
   */
  static Path defaultLocation() {
    String dockerConfig = System.getenv("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isBlank())
      return Path.of(dockerConfig, "config.json");
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  Path file() {
    return file;
  }

  /**
   * The {@code Authorization} header value ({@code Basic …}) for {@code host}, or empty when the
   * file or a login for that host is missing.
   *
   * @throws RegistryException when the file exists but cannot be read or its entry for the host is
   *     broken
   */
  Optional<String> basicAuthorization(String host) throws RegistryException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | JacksonException e) {
      throw new RegistryException(
          "cannot read the registry logins in "
              + file
              + ": "
              + e.getMessage()
              + "; fix the file or log in again with `docker login "
              + host
              + "`",
          false,
          e);
    }
    String wanted = keyHost(host);
    Optional<CredentialHelper> helper = helperFor(root, wanted);
    if (helper.isPresent()) {
      Optional<String> login = helper.get().basicAuthorization(serverAddress(wanted), host);
      if (login.isPresent()) return login;
    }
    JsonNode auths = root.path("auths");
    if (!auths.isObject()) return Optional.empty();
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!keyHost(entry.getKey()).equals(wanted)) continue;
      Optional<String> auth =
          entry.getValue().path("auth").stringValueOpt().filter(a -> !a.isBlank());
      if (auth.isEmpty()) continue;
      String decoded;
      try {
        decoded =
            new String(Base64.getDecoder().decode(auth.get().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      if (!decoded.contains(":")) {
        throw new RegistryException(
            "the login for "
                + entry.getKey()
                + " in "
                + file
                + " is not base64 of user:password;"
                + " log in again with `docker login "
                + host
                + "`");
      }
      return Optional.of("Basic " + auth.get().strip());
    }
    return Optional.empty();
  }

  // credHelpers names a helper per registry; credsStore one for all the others.
  private Optional<CredentialHelper> helperFor(JsonNode root, String wanted) {
    JsonNode perHost = root.path("credHelpers");
    if (perHost.isObject()) {
      for (Map.Entry<String, JsonNode> entry : perHost.properties()) {
        Optional<String> name = entry.getValue().stringValueOpt().filter(n -> !n.isBlank());
        if (keyHost(entry.getKey()).equals(wanted) && name.isPresent()) {
          return Optional.of(helper(name.get(), "credHelpers.\"" + entry.getKey() + "\""));
        }
      }
    }
    return root.path("credsStore")
        .stringValueOpt()
        .filter(n -> !n.isBlank())
        .map(name -> helper(name, "credsStore"));
  }

  private CredentialHelper helper(String name, String setting) {
    return new CredentialHelper(name.strip(), setting, file, runner, helperFolder);
  }

  // The address docker stores a login under, and so asks a helper about: Docker Hub's old index
  // URL, else the host.
  private static String serverAddress(String host) {
    return host.equals("docker.io") ? DOCKER_HUB_KEY : host;
  }

  /**
   * The host a config.json key stands for: keys may carry a scheme and a path ({@code
   * https://host/v1/}).
   */
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
