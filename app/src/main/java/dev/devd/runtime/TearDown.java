package dev.devd.runtime;

import dev.devd.console.ResourceLog;
import java.util.Optional;

/**
 * The role of {@code devd down}: removing everything devd deployed for a project, and saying what
 * it removed.
 */
public interface TearDown {
  /**
   * @param deleteNamespaces whether namespaces devd applied go too (they often hold more than devd
   *     put there)
   * @param onlyNamespace limits the removal to what devd applied in this namespace
   */
  void down(boolean deleteNamespaces, Optional<String> onlyNamespace, ResourceLog log)
      throws DeployException;
}
