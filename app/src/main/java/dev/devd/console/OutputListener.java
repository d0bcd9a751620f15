package dev.devd.console;

import java.util.List;

/**
 * Receives the lines of commands' output as devd prints them, such as the status board that keeps
 * the recent ones.
 */
@FunctionalInterface
public interface OutputListener {
  /**
   * Lines of {@code resource}, in the order printed, each without line breaks. The list decodes a
   * line when it is read and is valid during the call only; a listener that keeps only the newest
   * lines reads only those. Called while the terminal is held, so it must be quick.
   */
  void lines(String resource, List<String> lines);
}
