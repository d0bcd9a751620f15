package dev.devd.image;

import dev.devd.exec.ProcessRunner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a registry over the registry HTTP API (the OCI distribution spec): reads a manifest's
 * digest and adds a tag to a manifest by PUTting the same bytes under the new tag, so no image data
 * is copied. Speaks plain HTTP to loopback registries and HTTPS to all others; anonymous, Basic
 * (from docker's {@code config.json}) and bearer-token auth, with tokens cached per registry and
 * repository. Safe to use from many threads.
 */
public final class RegistryClient {
  /**
   * Every manifest kind devd accepts: single-platform manifests and multi-platform indexes, OCI and
   * Docker.
   */
  public static final List<String> MANIFEST_MEDIA_TYPES =
      List.of(
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final String ACCEPT = String.join(", ", MANIFEST_MEDIA_TYPES);
  // A registry on the same machine or network answers in milliseconds; these limits only end calls
  // to a registry
  // that accepted the connection and then stalled, so a build does not hang on it.
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  // The token spec's default lifetime when the token server does not say (docs: "expires_in ...
  // defaults to 60").
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
  // Fetch a new token this long before the old one runs out, so a request never leaves with a token
  // about to expire.
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  // Made at the first request: most sessions never talk to a registry, and a client costs a
  // selector thread that wakes
  // every few seconds, and the classes of java.net.http at start-up (measured with scripts/bench).
  private HttpClient http;
  private final DockerCredentials credentials;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> basicByHost = new ConcurrentHashMap<>();

  private record Token(String authorization, Instant expires) {}

  /**
   * A client that reads logins from docker's usual {@code config.json} ({@code $DOCKER_CONFIG} or
   * {@code ~/.docker}), running the credential helpers it names with {@code runner}.
   */
  public RegistryClient(ProcessRunner runner) {
    this(new DockerCredentials(DockerCredentials.defaultLocation(), runner), Clock.systemUTC());
  }

  /**
   * A client that reads logins from {@code dockerConfigFile} (a docker {@code config.json}; need
   * not exist).
   */
  public RegistryClient(Path dockerConfigFile) {
    this(new DockerCredentials(dockerConfigFile, new ProcessRunner()), Clock.systemUTC());
  }

  RegistryClient(Path dockerConfigFile, Clock clock) {
    this(new DockerCredentials(dockerConfigFile, new ProcessRunner()), clock);
  }

  RegistryClient(DockerCredentials credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /**
   * The digest ({@code sha256:…}) of the manifest {@code ref} names in its registry, or empty when
   * the registry has no such manifest (or no such repository).
   */
  public Optional<String> manifestDigest(ImageRef ref) throws RegistryException {
    Endpoint endpoint = Endpoint.of(ref);
    HttpRequest.Builder head =
        HttpRequest.newBuilder(endpoint.manifestUri(endpoint.reference(ref)))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Accept", ACCEPT);
    HttpResponse<byte[]> response = send(endpoint, head, "read the manifest of " + ref);
    if (response.statusCode() == 404) return Optional.empty();
    if (response.statusCode() != 200)
      throw unexpected(endpoint, response, "read the manifest of " + ref);
    Optional<String> digest =
        response.headers().firstValue("Docker-Content-Digest").filter(d -> !d.isBlank());
    if (digest.isPresent()) return digest;
    // Registries need not send the header; the digest is then the SHA-256 of the exact manifest
    // bytes.
    Manifest manifest = fetchManifest(endpoint, ref);
    return manifest == null ? Optional.empty() : Optional.of(sha256(manifest.bytes()));
  }

  /**
   * Adds {@code newTag} to the manifest {@code existing} names, in the same repository: fetches the
   * manifest's bytes and PUTs them unchanged under the new tag with the same media type. The
   * registry already holds every blob the manifest refers to, so nothing else is uploaded. Tagging
   * the same manifest again changes nothing.
   */
  public void tag(ImageRef existing, String newTag) throws RegistryException {
    Endpoint endpoint = Endpoint.of(existing);
    ImageRef target = existing.withTag(newTag);
    Manifest manifest = fetchManifest(endpoint, existing);
    if (manifest == null) {
      throw new RegistryException(
          "cannot tag "
              + existing
              + ": registry "
              + endpoint.displayHost()
              + " has no such manifest;"
              + " check that the build pushed it");
    }
    HttpRequest.Builder put =
        HttpRequest.newBuilder(endpoint.manifestUri(newTag))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes()))
            .header("Content-Type", manifest.mediaType());
    HttpResponse<byte[]> response = send(endpoint, put, "tag " + existing + " as " + target);
    if (response.statusCode() / 100 != 2)
      throw unexpected(endpoint, response, "tag " + existing + " as " + target);
  }

  private record Manifest(byte[] bytes, String mediaType) {}

  /** The manifest's raw bytes and media type, or null when the registry has no such manifest. */
  private Manifest fetchManifest(Endpoint endpoint, ImageRef ref) throws RegistryException {
    HttpRequest.Builder get =
        HttpRequest.newBuilder(endpoint.manifestUri(endpoint.reference(ref)))
            .GET()
            .header("Accept", ACCEPT);
    HttpResponse<byte[]> response = send(endpoint, get, "read the manifest of " + ref);
    if (response.statusCode() == 404) return null;
    if (response.statusCode() != 200)
      throw unexpected(endpoint, response, "read the manifest of " + ref);
    byte[] body = response.body();
    String mediaType =
        response
            .headers()
            .firstValue("Content-Type")
            .map(
                type ->
                    type.contains(";")
                        ? type.substring(0, type.indexOf(';')).strip()
                        : type.strip())
            .filter(MANIFEST_MEDIA_TYPES::contains)
            .orElseGet(() -> mediaTypeInside(body));
    if (mediaType == null) {
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + " sent the manifest of "
              + ref
              + " without a media"
              + " type devd knows ("
              + response.headers().firstValue("Content-Type").orElse("no Content-Type")
              + "); devd"
              + " handles "
              + String.join(", ", MANIFEST_MEDIA_TYPES));
    }
    return new Manifest(body, mediaType);
  }

  // Some registries answer with a generic Content-Type; the manifest then says what it is in its
  // mediaType field.
  private static String mediaTypeInside(byte[] manifest) {
    try {
      return JSON.readTree(manifest)
          .path("mediaType")
          .stringValueOpt()
          .filter(MANIFEST_MEDIA_TYPES::contains)
          .orElse(null);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * Sends the request, answering a 401 challenge once: with a bearer token from the challenge's
   * realm, or with the Basic login from config.json. A cached token (or Basic login) for the
   * repository goes along from the start.
   */
  private HttpResponse<byte[]> send(Endpoint endpoint, HttpRequest.Builder request, String action)
      throws RegistryException {
    request.timeout(REQUEST_TIMEOUT);
    Optional<String> cached = cachedAuthorization(endpoint);
    cached.ifPresent(authorization -> request.setHeader("Authorization", authorization));
    HttpResponse<byte[]> response = exchange(endpoint, request.build());
    if (response.statusCode() != 401) return response;
    AuthChallenge challenge = challenge(endpoint, response, action);
    String authorization = authorize(endpoint, challenge, action);
    request.setHeader("Authorization", authorization);
    response = exchange(endpoint, request.build());
    if (response.statusCode() == 401) {
      String error =
          response
              .headers()
              .firstValue("WWW-Authenticate")
              .flatMap(RegistryClient::challengeQuietly)
              .flatMap(c -> c.param("error"))
              .orElse("");
      if (error.equals("insufficient_scope")) {
        throw new RegistryException(
            "registry "
                + endpoint.displayHost()
                + " does not let this login "
                + action
                + " (401, insufficient scope for "
                + endpoint.repository()
                + "); log in as a user who may push there"
                + " (`docker login "
                + endpoint.credentialHost()
                + "`)");
      }
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + " refused the login from "
              + credentials.file()
              + " to "
              + action
              + " ("
              + status(response)
              + "); log in again with `docker login "
              + endpoint.credentialHost()
              + "`");
    }
    return response;
  }

  private AuthChallenge challenge(Endpoint endpoint, HttpResponse<byte[]> response, String action)
      throws RegistryException {
    Optional<String> header = response.headers().firstValue("WWW-Authenticate");
    if (header.isEmpty()) {
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + " answered 401 to the request to "
              + action
              + " without saying how to log in (no WWW-Authenticate header); check the registry's auth settings");
    }
    try {
      return AuthChallenge.parse(header.get());
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + ": "
              + e.getMessage()
              + "; check the registry's auth"
              + " settings",
          false,
          e);
    }
  }

  private Optional<String> cachedAuthorization(Endpoint endpoint) {
    Token token = tokens.get(endpoint.tokenKey());
    if (token != null && clock.instant().isBefore(token.expires()))
      return Optional.of(token.authorization());
    return Optional.ofNullable(basicByHost.get(endpoint.host()));
  }

  private String authorize(Endpoint endpoint, AuthChallenge challenge, String action)
      throws RegistryException {
    Optional<String> login = credentials.basicAuthorization(endpoint.credentialHost());
    if (challenge.isBasic()) {
      if (login.isEmpty()) throw needsLogin(endpoint, action);
      basicByHost.put(endpoint.host(), login.get());
      return login.get();
    }
    if (!challenge.isBearer()) {
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + " asks for \""
              + challenge.scheme()
              + "\" auth, which"
              + " devd does not speak (it speaks Bearer and Basic); use a registry with token or Basic auth");
    }
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryException(
                        "registry "
                            + endpoint.displayHost()
                            + " asked for a bearer token without naming its token server (no realm in its WWW-Authenticate header);"
                            + " check the registry's auth settings"));
    Token token = fetchToken(endpoint, realm, challenge.param("service"), login, action);
    tokens.put(endpoint.tokenKey(), token);
    return token.authorization();
  }

  private Token fetchToken(
      Endpoint endpoint,
      String realm,
      Optional<String> service,
      Optional<String> login,
      String action)
      throws RegistryException {
    // Always pull and push: one token then serves reading a manifest and writing a tag. A token
    // server that may
    // grant less (an anonymous pull) does so, and a later push is refused with a clear message.
    String scope = "repository:" + endpoint.repository() + ":pull,push";
    StringBuilder query = new StringBuilder();
    service.ifPresent(
        s ->
            query
                .append("service=")
                .append(URLEncoder.encode(s, StandardCharsets.UTF_8))
                .append('&'));
    query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    URI uri;
    try {
      uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          "registry "
              + endpoint.displayHost()
              + " named a token server devd cannot call (\""
              + realm
              + "\"); check the registry's auth settings",
          false,
          e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT);
    login.ifPresent(l -> request.header("Authorization", l));
    Endpoint tokenServer =
        new Endpoint(
            uri.getScheme(),
            uri.getAuthority(),
            endpoint.repository(),
            uri.getAuthority(),
            endpoint.credentialHost());
    HttpResponse<byte[]> response = exchange(tokenServer, request.build());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      if (login.isEmpty()) throw needsLogin(endpoint, action);
      throw new RegistryException(
          "the token server of registry "
              + endpoint.displayHost()
              + " ("
              + uri.getAuthority()
              + ") refused the login from "
              + credentials.file()
              + " ("
              + response.statusCode()
              + "); log in again with"
              + " `docker login "
              + endpoint.credentialHost()
              + "`");
    }
    if (response.statusCode() != 200) {
      throw new RegistryException(
          "the token server of registry "
              + endpoint.displayHost()
              + " ("
              + realm
              + ") answered "
              + status(response)
              + " when asked for a token to "
              + action
              + "; check that it runs");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new RegistryException(
          "the token server of registry "
              + endpoint.displayHost()
              + " ("
              + realm
              + ") sent a token"
              + " that is not JSON; check the registry's auth settings",
          false,
          e);
    }
    Optional<String> token =
        body.path("token")
            .stringValueOpt()
            .filter(t -> !t.isBlank())
            .or(() -> body.path("access_token").stringValueOpt().filter(t -> !t.isBlank()));
    if (token.isEmpty()) {
      throw new RegistryException(
          "the token server of registry "
              + endpoint.displayHost()
              + " ("
              + realm
              + ") answered"
              + " without a token; check the registry's auth settings");
    }
    long seconds = body.path("expires_in").asLong(0);
    Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFETIME;
    Instant expires =
        clock
            .instant()
            .plus(
                lifetime.compareTo(TOKEN_MARGIN.multipliedBy(2)) > 0
                    ? lifetime.minus(TOKEN_MARGIN)
                    : lifetime);
    return new Token("Bearer " + token.get(), expires);
  }

  private RegistryException needsLogin(Endpoint endpoint, String action) {
    return new RegistryException(
        "registry "
            + endpoint.displayHost()
            + " needs a login to "
            + action
            + ", and "
            + credentials.file()
            + " has none for "
            + endpoint.credentialHost()
            + "; log in with `docker login "
            + endpoint.credentialHost()
            + "` (devd asks the credential helper that credsStore or credHelpers names there,"
            + " else reads auths."
            + endpoint.credentialHost()
            + ".auth)");
  }

  private synchronized HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .followRedirects(HttpClient.Redirect.NORMAL)
              // HTTP/1.1: with HTTP/2 the JDK sends an h2c upgrade request over plain HTTP, which
              // some registries refuse.
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }
    return http;
  }

  private HttpResponse<byte[]> exchange(Endpoint endpoint, HttpRequest request)
      throws RegistryException {
    try {
      return http().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(endpoint, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw unreachable(endpoint, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (SSLException e) {
      throw new RegistryException(
          "cannot talk HTTPS to registry "
              + endpoint.displayHost()
              + " ("
              + e.getMessage()
              + "); if"
              + " it speaks plain HTTP, run it on localhost or 127.0.0.1, which devd reaches over HTTP",
          true,
          e);
    } catch (ConnectException e) {
      String why =
          hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)
              ? "unknown host"
              : "connection refused";
      throw unreachable(endpoint, why, e);
    } catch (IOException e) {
      String why =
          hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)
              ? "unknown host"
              : String.valueOf(e.getMessage());
      throw unreachable(endpoint, why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          "stopped while talking to registry " + endpoint.displayHost() + ": devd is shutting down",
          false,
          e);
    }
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
    return false;
  }

  private static RegistryException unreachable(Endpoint endpoint, String why, Exception cause) {
    return new RegistryException(
        "cannot reach registry "
            + endpoint.displayHost()
            + " at "
            + endpoint.scheme()
            + "://"
            + endpoint.host()
            + " ("
            + why
            + "); check that it runs and that its host and port are right",
        true,
        cause);
  }

  private static RegistryException unexpected(
      Endpoint endpoint, HttpResponse<byte[]> response, String action) {
    int status = response.statusCode();
    String fix =
        switch (status) {
          case 403 ->
              "check that your login may write to "
                  + endpoint.repository()
                  + " (`docker login "
                  + endpoint.credentialHost()
                  + "`)";
          case 405 ->
              "the registry does not accept writes (is it a read-only mirror?); push to another registry";
          case 400 ->
              "the registry rejected the manifest; check that every blob it refers to is in "
                  + endpoint.repository();
          default ->
              status >= 500
                  ? "the registry failed; check its log"
                  : "check the registry's settings";
        };
    return new RegistryException(
        "registry "
            + endpoint.displayHost()
            + " answered "
            + status(response)
            + " when asked to "
            + action
            + "; "
            + fix);
  }

  private static Optional<AuthChallenge> challengeQuietly(String header) {
    try {
      return Optional.of(AuthChallenge.parse(header));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The status with the registry's own words for it: {@code 404 (MANIFEST_UNKNOWN: manifest
   * unknown)}, or just {@code 404}.
   */
  static String status(HttpResponse<byte[]> response) {
    String details = registryError(response.body());
    return response.statusCode() + (details.isEmpty() ? "" : " (" + details + ")");
  }

  /**
   * {@code MANIFEST_UNKNOWN: manifest unknown} from a registry's error body, else the start of the
   * body, else "".
   */
  static String registryError(byte[] body) {
    if (body == null || body.length == 0) return "";
    try {
      JsonNode first = JSON.readTree(body).path("errors").path(0);
      Optional<String> code = first.path("code").stringValueOpt();
      Optional<String> message = first.path("message").stringValueOpt();
      if (code.isPresent() || message.isPresent()) {
        return code.orElse("")
            + (code.isPresent() && message.isPresent() ? ": " : "")
            + message.orElse("");
      }
    } catch (JacksonException notJson) {
      // Fall through to the raw text: a proxy's HTML page or plain text still helps the user more
      // than nothing.
    }
    String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Where the API of the registry a ref names lives. Refs without a registry, and {@code
   * docker.io}, mean Docker Hub, whose API host and official-image paths differ from what the ref
   * says.
   */
  record Endpoint(
      String scheme, String host, String repository, String displayHost, String credentialHost) {
    static Endpoint of(ImageRef ref) {
      String registry = ref.registry().orElse("docker.io");
      if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
        String path = ref.path().contains("/") ? ref.path() : "library/" + ref.path();
        return new Endpoint("https", "registry-1.docker.io", path, "docker.io", "docker.io");
      }
      String scheme = RegistryHosts.isLoopback(registry) ? "http" : "https";
      return new Endpoint(scheme, registry, ref.path(), registry, registry);
    }

    URI manifestUri(String reference) {
      return URI.create(scheme + "://" + host + "/v2/" + repository + "/manifests/" + reference);
    }

    /**
     * The digest if the ref has one (it pins the content), else its tag, else {@code latest} as
     * docker does.
     */
    String reference(ImageRef ref) {
      return ref.digest().or(ref::tag).orElse("latest");
    }

    String tokenKey() {
      return host + " " + repository;
    }
  }
}
