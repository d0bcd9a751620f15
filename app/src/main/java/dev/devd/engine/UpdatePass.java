package dev.devd.engine;

/** What one target does when it must be brought up to date; called only from that target's loop. */
public interface UpdatePass {
  /** Brings the target up to date; reports its own failures to the terminal and returns how it ended. */
  PassResult run(PassReason reason);

  /** Stops whatever the target keeps running between passes (a serve command, a port forward). */
  default void close() {}
}
