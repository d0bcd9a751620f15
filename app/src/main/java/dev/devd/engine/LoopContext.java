package dev.devd.engine;

import dev.devd.status.StatusBoard;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * What every target loop of a session shares: the permits that cap how many passes run at once
 * ({@code maxParallelUpdates}), the clock, and the board that shows their state.
 */
public record LoopContext(Semaphore parallelUpdates, Clock clock, StatusBoard board) {}
