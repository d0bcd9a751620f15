package dev.devd.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token server for a registry run with {@code auth: token}, as Docker's token authentication spec
 * describes and servers like cesanta/docker_auth implement it: {@code GET
 * /token?service=S&scope=repository:NAME:pull,push} answers {@code {"token": JWT, "expires_in":
 * N}}. The JWT is signed (RS256) with a key whose self-signed certificate the registry trusts as
 * its {@code rootcertbundle} and carries that certificate in {@code x5c}, so the real registry
 * checks every token. It grants whatever scope is asked for, to its one user (or to anyone, when
 * made without one), and keeps the requests it got, so tests can see what scope and login a client
 * sent.
 */
public final class TokenIssuer implements AutoCloseable {
  /** One request for a token: its parameters and the Authorization header, if any. */
  public record TokenRequest(String service, List<String> scopes, Optional<String> authorization) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SERVICE = "devd-test-registry";
  private static final String ISSUER = "devd-test-token-issuer";
  private static final long LIFETIME_SECONDS = 300;

  private final Optional<String> user;
  private final Optional<String> expectedAuthorization;
  private final HttpServer server;
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Path bundle;
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

  private TokenIssuer(Path dir, Optional<String> user, Optional<String> expectedAuthorization)
      throws Exception {
    this.user = user;
    this.expectedAuthorization = expectedAuthorization;
    // keytool comes with every JDK: a key pair and a self-signed certificate without another
    // library.
    Path keystore = dir.resolve("issuer.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    var result =
        new ProcessRunner()
            .run(
                ProcessSpec.of(
                    List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "issuer",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-sigalg",
                        "SHA256withRSA",
                        "-dname",
                        "CN=" + ISSUER,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit"),
                    dir),
                line -> {});
    if (!result.succeeded()) throw new IllegalStateException("keytool failed: " + result);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) store.getKey("issuer", "changeit".toCharArray());
    certificate = (X509Certificate) store.getCertificate("issuer");
    bundle = dir.resolve("issuer.pem");
    Files.writeString(
        bundle,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  /** An issuer that hands tokens to anyone who asks. */
  public static TokenIssuer anonymous(Path dir) {
    return create(dir, Optional.empty(), Optional.empty());
  }

  /**
   * An issuer that hands tokens only to {@code user} with {@code password} (Basic auth on the token
   * request).
   */
  public static TokenIssuer withLogin(Path dir, String user, String password) {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return create(dir, Optional.of(user), Optional.of(basic));
  }

  private static TokenIssuer create(
      Path dir, Optional<String> user, Optional<String> expectedAuthorization) {
    try {
      return new TokenIssuer(dir, user, expectedAuthorization);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the token issuer: " + e, e);
    }
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public String service() {
    return SERVICE;
  }

  public String issuer() {
    return ISSUER;
  }

  /** The PEM file with the certificate the registry must trust. */
  public Path certificateBundle() {
    return bundle;
  }

  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
      Optional<String> authorization =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
      List<String> scopes = query.getOrDefault("scope", List.of());
      requests.add(
          new TokenRequest(
              query.getOrDefault("service", List.of("")).getFirst(), scopes, authorization));
      if (expectedAuthorization.isPresent() && !expectedAuthorization.equals(authorization)) {
        byte[] body =
            "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + ISSUER + "\"");
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      byte[] body =
          JSON.writeValueAsBytes(
              Map.of(
                  "token",
                  token(scopes, user.orElse("")),
                  "expires_in",
                  LIFETIME_SECONDS,
                  "issued_at",
                  Instant.now().toString()));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private String token(List<String> scopes, String subject) {
    try {
      List<Map<String, Object>> access = new ArrayList<>();
      for (String scope : scopes) {
        for (String one : scope.split(" ")) {
          // repository:NAME:ACTIONS; the name has no ':', the actions are comma-separated.
          String[] parts = one.split(":");
          if (parts.length != 3) continue;
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("type", parts[0]);
          entry.put("name", parts[1]);
          entry.put("actions", List.of(parts[2].split(",")));
          access.add(entry);
        }
      }
      long now = Instant.now().getEpochSecond();
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("typ", "JWT");
      header.put("alg", "RS256");
      header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", ISSUER);
      claims.put("sub", subject);
      claims.put("aud", SERVICE);
      claims.put("exp", now + LIFETIME_SECONDS);
      claims.put("nbf", now - 10);
      claims.put("iat", now);
      claims.put("jti", UUID.randomUUID().toString());
      claims.put("access", access);
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      String signed =
          url.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + url.encodeToString(JSON.writeValueAsBytes(claims));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + url.encodeToString(rsa.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
