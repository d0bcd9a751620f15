package dev.devd.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Parses durations as Go and Tilt users write them: a number with a unit, several combined ({@code
 * 1m30s}), decimals ({@code 1.5s}), or a bare {@code 0}. Units: {@code ns}, {@code us} (or {@code
 * µs}), {@code ms}, {@code s}, {@code m}, {@code h}. Negative durations are rejected: devd has no
 * use for them.
 */
public final class DurationParser {
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign
          "\u03bcs", 1_000L, // Greek small letter mu, which some keyboards produce instead
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private DurationParser() {}

  /**
   * The duration written as {@code text}.
   *
   * @throws IllegalArgumentException quoting the text, when it is not a duration or is negative
   */
  public static Duration parse(String text) {
    if (text.startsWith("-"))
      throw new IllegalArgumentException("negative duration \"" + text + "\"");
    if (text.equals("0")) return Duration.ZERO;
    if (text.isEmpty()) throw invalid(text);
    BigInteger nanos = BigInteger.ZERO;
    int i = 0;
    while (i < text.length()) {
      int numberStart = i;
      while (i < text.length() && (isDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
      String number = text.substring(numberStart, i);
      int unitStart = i;
      while (i < text.length() && !isDigit(text.charAt(i)) && text.charAt(i) != '.') i++;
      Long unit = NANOS_PER_UNIT.get(text.substring(unitStart, i));
      if (unit == null || !isNumber(number)) throw invalid(text);
      // Fractions of a nanosecond are dropped, as Go does.
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).toBigInteger());
      if (nanos.compareTo(MAX_NANOS) > 0) throw invalid(text);
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  private static boolean isNumber(String number) {
    int dot = number.indexOf('.');
    if (dot != number.lastIndexOf('.')) return false;
    // "1.", ".5" and "1.5" are numbers; "." alone is not.
    return number.length() > (dot >= 0 ? 1 : 0);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + text + "\"");
  }
}
