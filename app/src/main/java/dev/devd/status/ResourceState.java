package dev.devd.status;

import java.util.Locale;

/** Where a resource stands: never updated yet, updating now, or how its last update ended. */
public enum ResourceState {
  PENDING,
  UPDATING,
  OK,
  FAILED;

  /** The lower-case name the API, the page and {@code devd status} show. */
  public String shown() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a name written by {@link #shown()}. */
  public static ResourceState parse(String shown) {
    for (ResourceState state : values()) {
      if (state.shown().equals(shown)) return state;
    }
    throw new IllegalArgumentException(
        "unknown resource state \"" + shown + "\"; expected pending, updating, ok or failed");
  }
}
