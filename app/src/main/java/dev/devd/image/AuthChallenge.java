package dev.devd.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1), such as {@code Bearer
 * realm="https://auth.example/token",service="registry.example",scope="repository:web:pull"}.
 *
 * @param scheme the auth scheme, lower-cased ({@code bearer}, {@code basic})
 * @param params the parameters by lower-cased name, values unquoted
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
  public AuthChallenge {
    params = Map.copyOf(params);
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  /**
   * Reads the first challenge of a header value. Parameters are {@code name=token} or {@code
   * name="quoted"}, with {@code \} escapes inside quotes; commas inside quotes belong to the value
   * (scopes often hold them).
   *
   * @throws IllegalArgumentException quoting the header when it cannot be read
   */
  public static AuthChallenge parse(String header) {
    if (header == null || header.isBlank()) throw invalid(header, "it is empty");
    String text = header.strip();
    int i = 0;
    while (i < text.length() && isTokenChar(text.charAt(i))) i++;
    if (i == 0) throw invalid(header, "it does not start with an auth scheme");
    String scheme = text.substring(0, i).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    while (i < text.length()) {
      i = skip(text, i, " \t");
      if (i >= text.length()) break;
      int nameStart = i;
      while (i < text.length() && isTokenChar(text.charAt(i))) i++;
      if (i == nameStart)
        throw invalid(header, "expected a parameter name at character " + (i + 1));
      String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = skip(text, i, " \t");
      if (i >= text.length() || text.charAt(i) != '=') {
        // "Bearer token68" or a second challenge ("Basic realm=x, Bearer ..."): the first challenge
        // ends here.
        if (params.isEmpty() && i >= text.length()) break;
        return new AuthChallenge(scheme, params);
      }
      i = skip(text, i + 1, " \t");
      StringBuilder value = new StringBuilder();
      if (i < text.length() && text.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < text.length()) {
          char c = text.charAt(i++);
          if (c == '\\' && i < text.length()) {
            value.append(text.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) throw invalid(header, "the value of " + name + " has no closing quote");
      } else {
        while (i < text.length()
            && text.charAt(i) != ','
            && text.charAt(i) != ' '
            && text.charAt(i) != '\t') {
          value.append(text.charAt(i++));
        }
      }
      params.put(name, value.toString());
      i = skip(text, i, " \t");
      if (i < text.length()) {
        if (text.charAt(i) != ',') throw invalid(header, "expected ',' at character " + (i + 1));
        i++;
      }
    }
    return new AuthChallenge(scheme, params);
  }

  private static int skip(String text, int i, String chars) {
    while (i < text.length() && chars.indexOf(text.charAt(i)) >= 0) i++;
    return i;
  }

  // RFC 9110 tchar: what a scheme or parameter name may hold.
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static IllegalArgumentException invalid(String header, String reason) {
    return new IllegalArgumentException(
        "cannot read the WWW-Authenticate header \"" + header + "\": " + reason);
  }
}
