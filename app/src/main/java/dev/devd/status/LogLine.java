package dev.devd.status;

import java.time.Instant;

/**
 * One console line of a running {@code devd up}, numbered in the order devd printed it. The resource is empty for
 * devd's own lines.
 */
public record LogLine(long sequence, String resource, Instant time, String text) {
  /** The line as the terminal shows it: {@code [name] text}, or just the text for devd's own lines. */
  public String prefixed() {
    return resource.isEmpty() ? text : "[" + resource + "] " + text;
  }
}
