package dev.devd.status;

/**
 * What a pass did to bring a resource up to date, as its build history shows it: ran an image's
 * build command, copied files into running containers, reused an image built before from the same
 * inputs, applied the resource without building anything, ran a local resource's command, or found
 * nothing to do. The engine's {@code PassResult.Kind} has the same names but {@link #CACHED}, which
 * the input-digest cache brings.
 */
public enum PassKind {
  BUILD("build", "build"),
  LIVE_UPDATE("liveUpdate", "live update"),
  CACHED("cached", "cached"),
  DEPLOY_ONLY("deployOnly", "deploy only"),
  COMMAND("command", "command"),
  NOTHING("nothing", "nothing to do");

  private final String json;
  private final String shown;

  PassKind(String json, String shown) {
    this.json = json;
    this.shown = shown;
  }

  /**
   * The name in the API's JSON: {@code build}, {@code liveUpdate}, {@code deployOnly}, {@code
   * nothing}, etc.
   */
  public String json() {
    return json;
  }

  /**
   * The words the page shows: {@code build}, {@code live update}, {@code deploy only}, {@code
   * nothing to do}, etc.
   */
  public String shown() {
    return shown;
  }

  /** Reads a name written by {@link #json()}. */
  public static PassKind parse(String json) {
    for (PassKind kind : values()) {
      if (kind.json.equals(json)) return kind;
    }
    throw new IllegalArgumentException(
        "unknown pass kind \""
            + json
            + "\"; expected build, liveUpdate, cached, deployOnly, command or nothing");
  }
}
