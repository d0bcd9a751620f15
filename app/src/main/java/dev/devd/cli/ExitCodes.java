package dev.devd.cli;

/** The exit codes of every devd command (SPEC §10). */
public final class ExitCodes {
  /** A clean stop, Ctrl-C included. */
  public static final int OK = 0;

  /** devd could not keep running, or {@code devd ci} found a failure. */
  public static final int FAILURE = 1;

  /** Bad flags or a bad devd.yaml. */
  public static final int USAGE = 2;

  /** A bug in devd. */
  public static final int INTERNAL = 3;

  private ExitCodes() {}
}
