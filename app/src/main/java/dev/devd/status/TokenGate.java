package dev.devd.status;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether a request carries this run's token, as {@code Authorization: Bearer TOKEN} (the
 * CLI, curl) or as the cookie the page's sign-in link sets (the browser), and writes that cookie.
 * The token is compared in constant time, so an answer's timing says nothing about how much of a
 * guess was right.
 */
final class TokenGate {
  private final byte[] token;
  private final String cookieName;

  TokenGate(String token, int port) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    // Browsers send a cookie to every port of a host: the port in the name keeps two devd ups'
    // cookies apart.
    this.cookieName = "devd_token_" + port;
  }

  /**
   * 256 random bits, URL-safe so the token can go in a header, a JSON file and a URL without
   * escaping.
   */
  static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What a request shows of the token. */
  enum Presented {
    NONE,
    WRONG,
    RIGHT
  }

  /**
   * Whether {@code request}'s Authorization header or cookie carries the token; the header wins
   * when both are there.
   */
  Presented check(Headers request) {
    String header = request.getFirst("Authorization");
    if (header != null) {
      boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
      return bearer && matches(header.substring(7).trim()) ? Presented.RIGHT : Presented.WRONG;
    }
    Optional<String> cookie = cookie(request);
    if (cookie.isEmpty()) return Presented.NONE;
    return matches(cookie.get()) ? Presented.RIGHT : Presented.WRONG;
  }

  boolean matches(String given) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token);
  }

  /**
   * The {@code Set-Cookie} value that signs a browser in: HttpOnly, so no script (not even the
   * page's) can read it; SameSite=Strict, so other sites' pages do not make the browser send it; no
   * expiry, so it ends with the browser.
   */
  String cookie() {
    return cookieName
        + "="
        + new String(token, StandardCharsets.UTF_8)
        + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private Optional<String> cookie(Headers request) {
    for (String header : request.getOrDefault("Cookie", List.of())) {
      for (String pair : header.split(";")) {
        int equals = pair.indexOf('=');
        if (equals > 0 && pair.substring(0, equals).trim().equals(cookieName))
          return Optional.of(pair.substring(equals + 1).trim());
      }
    }
    return Optional.empty();
  }
}
