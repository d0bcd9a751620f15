package dev.devd.runtime;

import java.util.List;

/** What a runtime reports about the pods of one resource it observes. */
public interface PodEvents {
  /** The resource's pods as they are now. */
  void pods(List<PodSnapshot> pods);

  /**
   * A container of the resource started, restarted or stopped: files synced into it may need
   * syncing again.
   */
  void containersChanged();
}
