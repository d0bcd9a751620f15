package dev.devd.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * Renders one terminal line of devd: the time (with {@code --timestamps}), the resource's {@code
 * [name]} in a colour of its own, then the text, red for errors. Colour only where the output is a
 * terminal, and never when {@code NO_COLOR} is set to anything but the empty string (no-color.org)
 * or {@code --no-color} is given.
 */
public final class LineRenderer {
  /** How much a line of devd's own matters to the reader; only errors look different. */
  public enum Severity {
    INFO,
    WARNING,
    ERROR
  }

  static final String RESET = "\033[0m";
  static final String RED = "\033[31m";
  // The basic colours and their bright forms, so they follow the user's terminal theme; red is kept
  // for errors, black
  // and white vanish on one background or the other. Ten colours keep names of a typical project (3
  // to 10) apart.
  private static final String[] NAME_COLOURS = {
    "\033[36m", "\033[32m", "\033[33m", "\033[34m", "\033[35m",
    "\033[96m", "\033[92m", "\033[93m", "\033[94m", "\033[95m"
  };
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final boolean colour;
  private final boolean timestamps;
  private final ZoneId zone;

  private LineRenderer(boolean colour, boolean timestamps, ZoneId zone) {
    this.colour = colour;
    this.timestamps = timestamps;
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * The renderer for an output that is a terminal or not, given the environment (for {@code
   * NO_COLOR}) and the {@code --no-color} and {@code --timestamps} flags; times are shown in {@code
   * zone}.
   */
  public static LineRenderer of(
      boolean terminal,
      Map<String, String> environment,
      boolean noColorFlag,
      boolean timestamps,
      ZoneId zone) {
    String noColor = environment.get("NO_COLOR");
    boolean colour = terminal && !noColorFlag && (noColor == null || noColor.isEmpty());
    return new LineRenderer(colour, timestamps, zone);
  }

  /** Whether lines carry colour codes. */
  public boolean colour() {
    return colour;
  }

  /**
   * A line of devd's own about {@code resource} (empty for devd itself), written at {@code time}.
   */
  public String render(String resource, Severity severity, String text, Instant time) {
    String prefix = prefix(resource, time);
    return colour && severity == Severity.ERROR ? prefix + RED + text + RESET : prefix + text;
  }

  /**
   * What comes before the text of a line of {@code resource}: the time when asked for, and {@code
   * [name] } unless the line is devd's own.
   */
  public String prefix(String resource, Instant time) {
    StringBuilder prefix = new StringBuilder();
    if (timestamps) {
      TIME.formatTo(time.atZone(zone), prefix);
      prefix.append(' ');
    }
    if (resource == null || resource.isEmpty()) return prefix.toString();
    if (colour)
      prefix.append(colourOf(resource)).append('[').append(resource).append(']').append(RESET);
    else prefix.append('[').append(resource).append(']');
    return prefix.append(' ').toString();
  }

  /** Whether the prefix depends on the time, so it cannot be kept and reused. */
  boolean timestamps() {
    return timestamps;
  }

  // String.hashCode is specified by the language, so a name gets the same colour in every run and
  // on every machine.
  static String colourOf(String name) {
    return NAME_COLOURS[Math.floorMod(name.hashCode(), NAME_COLOURS.length)];
  }
}
