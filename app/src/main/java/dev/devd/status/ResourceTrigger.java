package dev.devd.status;

/**
 * What the status page and {@code devd trigger} call to run a resource's update now; the engine
 * provides it.
 */
@FunctionalInterface
public interface ResourceTrigger {
  /**
   * Starts an update of {@code resource} with whatever changes it has pending; false when there is
   * no such resource.
   */
  boolean trigger(String resource);
}
