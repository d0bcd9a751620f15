package dev.devd.status;

/**
 * What the status page calls to stop or resume watching and updating a resource while devd runs
 * ({@code POST /api/disable/NAME}, {@code POST /api/enable/NAME}); the engine provides it, and
 * reports the outcome with {@link StatusBoard#enabled(String, boolean)}.
 */
@FunctionalInterface
public interface ResourceSwitch {
  /** Enables or disables {@code resource}; false when there is no such resource. */
  boolean set(String resource, boolean enabled);
}
