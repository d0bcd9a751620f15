package dev.devd.status;

/**
 * What a pass did to bring a resource up to date, as its build history shows it: ran the build command (an image's
 * or a local resource's), copied files into running containers, reused an image built before from the same inputs,
 * or applied the resource without building anything.
 */
public enum PassKind {
  BUILD("build", "build"),
  LIVE_UPDATE("liveUpdate", "live update"),
  CACHED("cached", "cached"),
  DEPLOY_ONLY("deployOnly", "deploy only");

  private final String json;
  private final String shown;

  PassKind(String json, String shown) {
    this.json = json;
    this.shown = shown;
  }

  /** The name in the API's JSON: {@code build}, {@code liveUpdate}, {@code cached} or {@code deployOnly}. */
  public String json() {
    return json;
  }

  /** The words the page shows: {@code build}, {@code live update}, {@code cached} or {@code deploy only}. */
  public String shown() {
    return shown;
  }

  /** Reads a name written by {@link #json()}. */
  public static PassKind parse(String json) {
    for (PassKind kind : values()) {
      if (kind.json.equals(json)) return kind;
    }
    throw new IllegalArgumentException("unknown pass kind \"" + json + "\"; expected build, liveUpdate, cached or deployOnly");
  }
}
