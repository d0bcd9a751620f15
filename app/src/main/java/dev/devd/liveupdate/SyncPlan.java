package dev.devd.liveupdate;

import dev.devd.config.Cmd;
import java.util.List;

/**
 * What a live update does in each container of an image, in this order: copy files, remove the
 * paths deleted locally, run commands, restart the container or its process.
 *
 * @param copies files and folders to copy (a folder brings everything under it)
 * @param deletions absolute paths inside the container to remove (files or folders deleted locally)
 * @param runs the {@code run} commands to run in the container, in devd.yaml order
 * @param restart what to restart afterwards
 */
public record SyncPlan(
    List<FileCopy> copies, List<String> deletions, List<Cmd> runs, Restart restart) {
  /** What a live update restarts once the files are in and the commands ran. */
  public enum Restart {
    NONE,
    /** The whole container ({@code restartContainer}, podman only). */
    CONTAINER,
    /** The container's main process, under devd's supervisor ({@code restartProcess}). */
    PROCESS
  }

  public SyncPlan {
    java.util.Objects.requireNonNull(restart, "restart");
    copies = List.copyOf(copies);
    deletions = List.copyOf(deletions);
    runs = List.copyOf(runs);
  }

  /** True when the plan neither copies, removes, runs nor restarts anything. */
  public boolean isEmpty() {
    return copies.isEmpty() && deletions.isEmpty() && runs.isEmpty() && restart == Restart.NONE;
  }
}
