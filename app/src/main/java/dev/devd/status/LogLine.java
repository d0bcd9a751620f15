package dev.devd.status;

import java.time.Instant;

/**
 * One console line of a running {@code devd up}, numbered in the order devd printed it. The
 * resource is empty for devd's own lines.
 *
 * @param source {@link Source#BUILD} for a line printed while a pass of its resource ran, {@link
 *     Source#RUNTIME} for the rest (what pods and serve commands print between passes, and devd's
 *     own lines)
 */
public record LogLine(long sequence, String resource, Instant time, String text, Source source) {
  /** Whether a line came from a pass (build output, deploy steps) or from what runs. */
  public enum Source {
    BUILD,
    RUNTIME;

    /** The name in the API's JSON: {@code build} or {@code runtime}. */
    public String json() {
      return this == BUILD ? "build" : "runtime";
    }

    /** Reads a name written by {@link #json()}; anything else is runtime. */
    public static Source parse(String json) {
      return "build".equals(json) ? BUILD : RUNTIME;
    }
  }

  /**
   * The line as the terminal shows it: {@code [name] text}, or just the text for devd's own lines.
   */
  public String prefixed() {
    return resource.isEmpty() ? text : "[" + resource + "] " + text;
  }
}
