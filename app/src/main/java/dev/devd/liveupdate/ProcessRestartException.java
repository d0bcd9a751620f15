package dev.devd.liveupdate;

/**
 * devd cannot set a container up for {@code restartProcess}; the message names it, says why and
 * what to do.
 */
public final class ProcessRestartException extends Exception {
  public ProcessRestartException(String message) {
    super(message);
  }
}
