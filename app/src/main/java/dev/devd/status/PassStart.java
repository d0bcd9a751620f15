package dev.devd.status;

import java.util.Objects;

/**
 * A pass the engine starts, as it reports it to the {@link StatusBoard}: why (one line, e.g. {@code
 * 2 files changed: a.txt, b.txt}) and what it plans to do. The board takes the time itself.
 */
public record PassStart(String reason, PassKind kind) {
  public PassStart {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(kind, "kind");
  }
}
