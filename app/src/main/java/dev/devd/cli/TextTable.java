package dev.devd.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays rows out as the columns of a terminal table: each column as wide as its widest cell, two
 * spaces apart.
 */
final class TextTable {
  private TextTable() {}

  /**
   * The lines of the table; the last column is not padded, so long values (errors, lists) do not
   * widen the rest.
   */
  static List<String> lines(List<String[]> rows) {
    int columns = rows.getFirst().length;
    int[] widths = new int[columns - 1];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++)
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      lines.add(line.append(row[columns - 1]).toString().stripTrailing());
    }
    return lines;
  }
}
