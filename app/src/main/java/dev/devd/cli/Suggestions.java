package dev.devd.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;

/** "Did you mean" for names typed on the command line. */
final class Suggestions {
  private Suggestions() {}

  static String unknown(String what, String given, Collection<String> known) {
    StringBuilder message = new StringBuilder("unknown " + what + " \"" + given + "\"");
    closest(given, known).ifPresent(best -> message.append("; did you mean \"").append(best).append("\"?"));
    message.append(known.isEmpty() ? "; there are none" : "; known: " + String.join(", ", new TreeSet<>(known)));
    return message.toString();
  }

  /** Refuses the first of {@code given} that is not one of {@code known}, with a "did you mean". */
  static void requireKnown(String what, Collection<String> given, Collection<String> known) throws UsageException {
    for (String name : given) {
      if (!known.contains(name)) throw new UsageException(unknown(what, name, known));
    }
  }

  static Optional<String> closest(String given, Collection<String> known) {
    return known.stream()
        .filter(candidate -> distance(given.toLowerCase(), candidate.toLowerCase()) <= Math.max(1, given.length() / 3))
        .min(Comparator.comparingInt(candidate -> distance(given.toLowerCase(), candidate.toLowerCase())));
  }

  // Levenshtein distance; names are short.
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
