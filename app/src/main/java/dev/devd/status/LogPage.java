package dev.devd.status;

import java.util.List;

/**
 * The console lines after a sequence number, oldest first, and the number to ask after next time.
 * Lines older than the board keeps are not in it.
 *
 * @param next pass this as {@code after} to get only lines printed since this page
 */
public record LogPage(List<LogLine> lines, long next) {
  public LogPage {
    lines = List.copyOf(lines);
  }
}
