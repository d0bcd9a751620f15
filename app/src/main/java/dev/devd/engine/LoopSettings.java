package dev.devd.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How one target's loop behaves.
 *
 * @param debounce the quiet period that closes a batch of changes
 * @param maxWait the cap on a batch, so that a file written forever cannot postpone updates
 * @param autoTrigger whether a closed batch runs a pass ({@code triggerMode: auto}) or waits for a
 *     trigger
 * @param autoInit whether the loop's first pass runs at start ({@code autoInit}) or waits for a
 *     trigger or a change
 * @param root devd.yaml's folder, against which the terminal shows changed paths
 */
public record LoopSettings(
    String name,
    Duration debounce,
    Duration maxWait,
    boolean autoTrigger,
    boolean autoInit,
    Path root) {}
