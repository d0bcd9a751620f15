package dev.devd.engine;

import dev.devd.status.PassKind;
import java.util.function.Consumer;

/** What one target does when it must be brought up to date; called only from that target's loop. */
public interface UpdatePass {
  /**
   * Brings the target up to date; reports its own failures to the terminal and returns how it
   * ended.
   *
   * @param starts told what the pass is about to do once it knows (a pass that finds nothing to do
   *     may never tell)
   */
  PassResult run(PassReason reason, Consumer<PassKind> starts);

  /** Stops whatever the target keeps running between passes (a serve command, a port forward). */
  default void close() {}
}
