package dev.devd.watch;

import java.nio.file.Path;
import java.time.Instant;

/** One path the operating system reported as created, modified or deleted, and when devd saw it. */
public record FileChange(Path path, Instant seenAt) {}
