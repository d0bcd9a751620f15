package dev.devd.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels devd puts on every object it applies and on every pod template, so that devd's objects
 * and their pods can be found by label selector.
 */
public final class DevdLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "devd";
  public static final String RESOURCE = "devd.dev/resource";

  // Kubernetes label values: at most 63 characters of [A-Za-z0-9._-], starting and ending with a
  // letter or digit.
  private static final int MAX_VALUE_LENGTH = 63;

  private DevdLabels() {}

  /** Both labels for the resource {@code resourceName}, in the order they are added. */
  public static Map<String, String> forResource(String resourceName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(RESOURCE, resourceValue(resourceName));
    return labels;
  }

  /**
   * The value of {@code devd.dev/resource} for a resource. Resource names such as {@code
   * web:deployment} hold colons, which label values may not; a colon becomes {@code _}, which
   * Kubernetes names, kinds and namespaces never hold, so two resource names never share a value. A
   * name too long for a label keeps its start and gets a hash of the whole.
   */
  public static String resourceValue(String resourceName) {
    StringBuilder value = new StringBuilder(resourceName.length());
    for (char c : resourceName.toCharArray()) {
      if (c == ':') {
        value.append('_');
      } else if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-') {
        value.append(c);
      } else {
        value.append('-');
      }
    }
    String text = value.toString();
    if (text.length() > MAX_VALUE_LENGTH) {
      text = text.substring(0, MAX_VALUE_LENGTH - 9) + "-" + shortHash(resourceName);
    }
    return trimEnds(text);
  }

  private static String trimEnds(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && !Character.isLetterOrDigit(text.charAt(start))) start++;
    while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) end--;
    return text.substring(start, end);
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
