package dev.devd.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's files, shipped in devd's jar beside this class: {@code page.html} (the overview
 * at {@code /} and the view of one resource at {@code /r/NAME}, told apart by its script), {@code
 * page.css}, {@code page.js} and {@code sign-in.html} (what a browser without the token sees). The
 * page holds no data and no token: its script follows {@code /api/events} with the cookie that the
 * sign-in link set. Its script and style sheet carry the nonce of the page's
 * Content-Security-Policy, so nothing else runs on it.
 */
final class StatusPage {
  /** A file served under {@code /assets/}. */
  record Asset(String contentType, String text) {}

  private StatusPage() {}

  static String page(String nonce) {
    return Shipped.PAGE.replace("{{nonce}}", nonce);
  }

  /**
   * The page for a browser that has no token, or a wrong one: {@code message} says how to get in.
   */
  static String signIn(String nonce, String message) {
    return Shipped.SIGN_IN.replace("{{nonce}}", nonce).replace("{{message}}", escape(message));
  }

  static Optional<Asset> asset(String name) {
    return Optional.ofNullable(Shipped.ASSETS.get(name));
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  // Read on the first request, not at devd's start: most runs of devd up never open the page.
  private static final class Shipped {
    static final String PAGE = read("page.html");
    static final String SIGN_IN = read("sign-in.html");
    static final Map<String, Asset> ASSETS =
        Map.of(
            "page.css", new Asset("text/css; charset=utf-8", read("page.css")),
            "page.js", new Asset("text/javascript; charset=utf-8", read("page.js")));

    private static String read(String name) {
      try (InputStream in = StatusPage.class.getResourceAsStream(name)) {
        if (in == null)
          throw new IllegalStateException(
              "devd's jar lacks dev/devd/status/" + name + "; rebuild devd");
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read dev/devd/status/" + name + " from devd's jar", e);
      }
    }
  }
}
