package dev.devd.runtime;

import dev.devd.console.ResourceLog;
import dev.devd.render.RenderedManifests;

/**
 * The role of putting one resource's rendered objects where they run, and of taking them away
 * again.
 */
public interface Deploys {
  /**
   * Applies one resource's rendered objects, lists them, and removes the objects it no longer has.
   */
  AppliedResources apply(RenderedManifests rendered, ResourceLog log) throws DeployException;

  /** Deletes what was applied for a resource that is gone from the YAML. */
  void remove(String resource, ResourceLog log) throws DeployException;
}
