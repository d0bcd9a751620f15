package dev.devd.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds the known name a user probably meant ("did you mean ...?"): the same name in other case,
 * else the closest by Damerau-Levenshtein distance, within 2 edits (1 for names of up to 4 letters,
 * where 2 edits make almost any name "close"), and never a name the edits would replace entirely.
 * devd's one such helper: config keys, presets, contexts, image refs, resources, commands and
 * options all get their suggestions here (it lives in config, which everything that names things
 * already depends on; ignore does not need it).
 */
public final class KeySuggester {
  private KeySuggester() {}

  /**
   * The closest candidate to {@code input}, if one is close enough; ties go to the first in sorted
   * order.
   */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String lowerInput = input.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates.stream().sorted().toList()) {
      int distance = distance(lowerInput, candidate.toLowerCase(Locale.ROOT));
      int allowed = candidate.length() <= 4 ? 1 : 2;
      // A candidate that shares nothing with the input ("c" for "a") is no suggestion, however
      // short.
      if (distance <= allowed && distance < candidate.length() && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The message for a name that is not known: {@code unknown resource "wbe"; did you mean "web"?;
   * known: api, web}.
   *
   * @param what what the name names, e.g. {@code resource}
   */
  public static String unknown(String what, String given, Collection<String> known) {
    StringBuilder message = new StringBuilder("unknown " + what + " \"" + given + "\"");
    closest(given, known)
        .ifPresent(best -> message.append("; did you mean \"").append(best).append("\"?"));
    message.append(
        known.isEmpty()
            ? "; there are none"
            : "; known: " + String.join(", ", new TreeSet<>(known)));
    return message.toString();
  }

  /**
   * Edits (insert, delete, substitute, swap two neighbours) that turn {@code a} into {@code b}.
   * This is the "optimal string alignment" form of Damerau-Levenshtein: no substring is edited
   * twice, which is all a typo needs.
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
